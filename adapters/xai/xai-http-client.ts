import { ModerationError, systemClock, VideoConductorError, type CallOptions, type Clock } from '@ring/video-conductor';
import { detectModeration } from './detect-moderation.js';
import ky from 'ky';
import type { z } from 'zod';
import {
  createInvalidResponseError,
  createTimeoutError,
  mapHttpError,
  mapNetworkError,
} from './map-xai-error.js';
import { createApiKeyResolver } from './resolve-api-key.js';
import { xaiDefaultBaseURL, xaiDefaultTimeoutMs, type XaiOptions } from './xai-options.js';
import { xaiUserAgent } from './xai-version.js';

/** One HTTP exchange with the xAI API. */
export interface XaiHttpRequest {
  method: 'GET' | 'POST';
  /** Path below the base URL, e.g. `/videos/generations`. */
  path: string;
  /** JSON body (POST). */
  json?: unknown;
  /** The job concerned, for status reads: errors carry it and a 404 means `JOB_NOT_FOUND`. */
  requestId?: string;
  /** Wire field name → port field name, to name the field of a 400/422. */
  fieldNames?: Readonly<Record<string, string>>;
  callOptions?: CallOptions | undefined;
}

/** A 2xx answer, body read as text. */
export interface XaiHttpResponse {
  /** `METHOD /path`, e.g. `GET /v1/videos/abc`: what error messages name. */
  operation: string;
  status: number;
  headers: Headers;
  bodyText: string;
  requestId?: string;
}

/** Sends one attempt; rejects with a mapped `VideoConductorError` or, on abort, the signal's reason. */
export interface XaiHttpClient {
  send(request: XaiHttpRequest): Promise<XaiHttpResponse>;
  /** The clock used for `Retry-After` dates. */
  readonly clock: Clock;
  /** The API key in use (resolving it if needed), for redacting upstream text. */
  apiKey(): string;
}

/** Raised by the per-attempt deadline; never escapes (mapped to `TIMEOUT`). */
class DeadlineExceeded extends Error {
  override readonly name = 'DeadlineExceeded';
}

/**
 * The HTTP layer of the adapter, over ky. ky's own retry and timeout are disabled: retries
 * live in the provider kit's `withProviderRetry` (one loop, with the billable-POST rule), and the deadline here covers
 * the whole attempt including the body read. HTTP errors are not thrown by ky but mapped
 * here, so no ky error (which holds the `Request` and its `Authorization` header) ever
 * reaches a caller.
 */
export function createXaiHttpClient(options: XaiOptions): XaiHttpClient {
  const resolveApiKey = createApiKeyResolver(options.apiKey);
  const baseURL = (options.baseURL ?? xaiDefaultBaseURL).replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? xaiDefaultTimeoutMs;
  const clock = options.clock ?? systemClock;

  async function send(request: XaiHttpRequest): Promise<XaiHttpResponse> {
    const signal = request.callOptions?.signal;
    signal?.throwIfAborted();
    const apiKey = resolveApiKey();
    const url = `${baseURL}${request.path}`;
    const operation = `${request.method} ${new URL(url).pathname}`;
    const requestIdPart = request.requestId === undefined ? {} : { requestId: request.requestId };

    const headers = new Headers({ Accept: 'application/json', 'User-Agent': xaiUserAgent, Authorization: `Bearer ${apiKey}` });
    // A body-less GET carries no Content-Type.
    if (request.json !== undefined) headers.set('Content-Type', 'application/json');
    for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
    for (const [name, value] of Object.entries(request.callOptions?.headers ?? {})) headers.set(name, value);

    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new DeadlineExceeded()), timeoutMs);
    const combined = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
    try {
      // https://docs.x.ai/docs/api-reference — every endpoint: Bearer auth, JSON in and out.
      const response = await ky(url, {
        method: request.method,
        headers,
        ...(request.json === undefined ? {} : { body: JSON.stringify(request.json) }),
        signal: combined,
        retry: 0,
        timeout: false,
        throwHttpErrors: false,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      const bodyText = await response.text();
      if (!response.ok) {
        // A moderation refusal arrives as a 400 that xAI bills: it must not read as a bad request.
        const moderation = detectModeration(response.status, bodyText, apiKey);
        if (moderation !== undefined) {
          throw new ModerationError(`${operation} failed with ${response.status}: ${moderation.message}`, {
            provider: 'xai',
            ...requestIdPart,
            ...(moderation.costUsd === undefined ? {} : { costUsd: moderation.costUsd }),
          });
        }
        throw mapHttpError({
          operation,
          status: response.status,
          headers: response.headers,
          bodyText,
          apiKey,
          now: clock.now(),
          fieldNames: request.fieldNames ?? {},
          ...requestIdPart,
        });
      }
      return { operation, status: response.status, headers: response.headers, bodyText, ...requestIdPart };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (VideoConductorError.isInstance(error)) throw error;
      if (deadline.signal.aborted) throw createTimeoutError({ operation, timeoutMs, ...requestIdPart });
      throw mapNetworkError({ operation, error, apiKey, ...requestIdPart });
    } finally {
      clearTimeout(timer);
    }
  }

  return { send, clock, apiKey: resolveApiKey };
}

/**
 * Parses a 2xx body with `schema`. An empty body gives `undefined` (xAI answers a pending
 * status read with HTTP 202 and no body). Malformed JSON or a body the schema rejects gives
 * a `ProviderError` code `INVALID_RESPONSE` — never a raw `SyntaxError`/`TypeError`.
 */
export function parseJsonBody<T>(response: XaiHttpResponse, schema: z.ZodType<T>): T | undefined {
  const text = response.bodyText.trim();
  if (text === '') return undefined;
  const base = {
    operation: response.operation,
    status: response.status,
    ...(response.requestId === undefined ? {} : { requestId: response.requestId }),
  };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw createInvalidResponseError({ ...base, detail: 'the body is not valid JSON' });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
    throw createInvalidResponseError({ ...base, detail: `unexpected shape at ${where}` });
  }
  return parsed.data;
}
