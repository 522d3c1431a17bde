import { InvalidRequestError, systemClock, systemSleep, type CallOptions, type Clock, type Sleep } from '@ring/video-conductor';
import { retryBillableRule, retryReadRule, withProviderRetry } from '@ring/video-conductor/provider-kit';
import type { RunwayML } from '@runwayml/sdk';
import { loadRunwaySdk, type RunwaySdkModule } from './load-runway-sdk.js';
import { mapRunwayError } from './map-runway-error.js';
import {
  runwayDefaultBaseURL,
  runwayDefaultMaxRetries,
  runwayDefaultTimeoutMs,
  runwayDefaultVersion,
  type RunwayOptions,
} from './runway-options.js';

/** The per-request options of the SDK's methods (`maxRetries`, `signal`, `headers`, `timeout`). */
export type RunwayRequestOptions = NonNullable<Parameters<RunwayML['tasks']['retrieve']>[1]>;

/** One call to Runway, as the providers describe it. */
export interface RunwayCall {
  /** `METHOD /path`, e.g. `GET /v1/tasks/{id}`: what error messages name. */
  operation: string;
  /** Whether the call can spend money (a create): then retried only when it provably started nothing. */
  billable: boolean;
  /** The task concerned, for reads and cancels (a 404 then means `JOB_NOT_FOUND`). */
  requestId?: string;
  callOptions?: CallOptions | undefined;
}

/** The SDK client, loaded and built on first use, with the adapter's retry and error mapping. */
export interface RunwayClient {
  /**
   * Runs `attempt` (one SDK call) with the per-request options every attempt needs: SDK
   * retries off, the caller's signal and headers, the per-attempt timeout. Repeats it under
   * the billable or the read rule; rejects with a mapped `VideoConductorError` or, on abort,
   * the signal's reason.
   */
  run<T>(call: RunwayCall, attempt: (client: RunwayML, requestOptions: RunwayRequestOptions) => Promise<T>): Promise<T>;
  /** The key in use (resolving it if needed), to redact upstream text. */
  apiKey(): string;
  readonly clock: Clock;
  readonly sleep: Sleep;
}

/**
 * Builds the adapter's access to the official SDK. Nothing happens until the first call:
 * then the key is resolved (option, else `RUNWAYML_API_SECRET`), `@runwayml/sdk` imported
 * and one `RunwayML` client made with `maxRetries: 0` — the SDK would otherwise re-send a
 * billable POST after a 5xx or a timeout — and `logLevel: 'off'`, so it never writes request
 * details to the console.
 */
export function createRunwayClient(options: RunwayOptions): RunwayClient {
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? systemSleep;
  const timeoutMs = options.timeoutMs ?? runwayDefaultTimeoutMs;
  const retry = {
    maxRetries: Math.max(0, Math.floor(options.maxRetries ?? runwayDefaultMaxRetries)),
    sleep,
    random: options.random ?? Math.random,
  };
  let cachedKey = nonEmpty(options.apiKey);
  let built: Promise<{ sdk: RunwaySdkModule; client: RunwayML }> | undefined;

  function apiKey(): string {
    cachedKey ??= nonEmpty(globalThis.process?.env?.RUNWAYML_API_SECRET);
    if (cachedKey !== undefined) return cachedKey;
    throw new InvalidRequestError(
      'The Runway API secret is missing: pass the `apiKey` option to createRunway() or set the RUNWAYML_API_SECRET environment variable.',
      { field: 'apiKey', code: 'MISSING_API_KEY', provider: 'runway' },
    );
  }

  function client(key: string): Promise<{ sdk: RunwaySdkModule; client: RunwayML }> {
    built ??= loadRunwaySdk().then(
      (sdk) => ({
        sdk,
        client: new sdk.RunwayML({
          apiKey: key,
          baseURL: (options.baseURL ?? runwayDefaultBaseURL).replace(/\/+$/, ''),
          runwayVersion: options.runwayVersion ?? runwayDefaultVersion,
          maxRetries: 0,
          timeout: timeoutMs,
          logLevel: 'off',
          ...(options.headers === undefined ? {} : { defaultHeaders: options.headers }),
          ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
        }),
      }),
      (error: unknown) => {
        built = undefined;
        throw error;
      },
    );
    return built;
  }

  async function run<T>(call: RunwayCall, attempt: (client: RunwayML, requestOptions: RunwayRequestOptions) => Promise<T>): Promise<T> {
    const signal = call.callOptions?.signal;
    signal?.throwIfAborted();
    const key = apiKey();
    const { sdk, client: runway } = await client(key);
    const requestOptions: RunwayRequestOptions = {
      maxRetries: 0,
      timeout: timeoutMs,
      ...(signal === undefined ? {} : { signal }),
      ...(call.callOptions?.headers === undefined ? {} : { headers: call.callOptions.headers }),
    };
    const once = async (): Promise<T> => {
      try {
        return await attempt(runway, requestOptions);
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        throw mapRunwayError(error, sdk, {
          operation: call.operation,
          apiKey: key,
          now: clock.now(),
          timeoutMs,
          ...(call.requestId === undefined ? {} : { requestId: call.requestId }),
        });
      }
    };
    return withProviderRetry(once, { ...retry, rule: call.billable ? retryBillableRule : retryReadRule, signal });
  }

  return { run, apiKey, clock, sleep };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
