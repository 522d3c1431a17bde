import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { fetchWithUrlPolicy, VideoConductorError, type UrlPolicyOptions } from '@ring/video-conductor';
import { decodeDataUrl } from './decode-data-url.js';
import { describeUrl } from './describe-url.js';
import { thumbnailError } from './thumbnail-error.js';

/** Largest first frame read, in bytes: a still image, not a video. */
export const maxFirstFrameBytes = 64 * 1024 * 1024;

/**
 * The one sentence a failed download of a remote first frame gets, whatever went wrong
 * (status, network error, size): the URL may be the caller's, and a message that told what
 * the target answered would let a caller probe hosts through the server.
 */
const remoteFailure = `the image could not be downloaded (it must be an https URL answering an image of at most ${maxFirstFrameBytes} bytes)`;

/**
 * Reads the bytes of a first frame: `data:` URLs are decoded, `file://` URLs read from
 * disk, `http(s)` URLs downloaded with `fetch` through the core URL policy (https only and
 * public addresses by default, every redirect re-checked) and capped at
 * {@link maxFirstFrameBytes} while streaming.
 *
 * @throws VideoConductorError `FIRST_FRAME_UNAVAILABLE` when the image cannot be read
 *   (retryable for network failures and 408/429/5xx answers; the message never says which),
 *   or `URL_REFUSED` when the URL policy refuses a hop. An abort rejects with the signal's reason.
 */
export async function readFirstFrame(
  url: string,
  options: { fetch: typeof globalThis.fetch; signal?: AbortSignal | undefined; urlPolicy?: UrlPolicyOptions | undefined },
): Promise<Uint8Array> {
  const target = describeUrl(url);
  const unavailable = (detail: string, extra: { isRetryable?: boolean; cause?: unknown } = {}) =>
    thumbnailError(`Reading the first frame from ${target} failed: ${detail}`, { code: 'FIRST_FRAME_UNAVAILABLE', ...extra });
  const reasonOf = (error: unknown) => (error as Error)?.message ?? String(error);

  const data = await readBytes(url, options, unavailable, reasonOf);
  if (data.byteLength === 0) throw unavailable(url.startsWith('http') ? remoteFailure : 'it is empty');
  return data;
}

type Unavailable = (detail: string, extra?: { isRetryable?: boolean; cause?: unknown }) => Error;

async function readBytes(
  url: string,
  options: { fetch: typeof globalThis.fetch; signal?: AbortSignal | undefined; urlPolicy?: UrlPolicyOptions | undefined },
  unavailable: Unavailable,
  reasonOf: (error: unknown) => string,
): Promise<Uint8Array> {
  const { signal } = options;
  signal?.throwIfAborted();
  if (url.startsWith('data:')) {
    let data: Uint8Array;
    try {
      data = decodeDataUrl(url).data;
    } catch (error) {
      throw unavailable('malformed data: URL', { cause: error });
    }
    if (data.byteLength > maxFirstFrameBytes) throw unavailable(`it is larger than ${maxFirstFrameBytes} bytes`);
    return data;
  }

  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw unavailable('not an absolute URL', { cause: error });
  }

  if (parsed.protocol === 'file:') {
    try {
      const data = new Uint8Array(await readFile(fileURLToPath(parsed), { signal }));
      if (data.byteLength > maxFirstFrameBytes) throw unavailable(`it is larger than ${maxFirstFrameBytes} bytes`);
      return data;
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (VideoConductorError.isInstance(error)) throw error;
      throw unavailable(reasonOf(error), { cause: error });
    }
  }

  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw unavailable(`the ${parsed.protocol} scheme is not supported (data:, file:, http: and https: are)`);
  }

  let response: Response;
  try {
    response = await fetchWithUrlPolicy(url, { signal }, options.urlPolicy ?? {}, options.fetch);
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    // "refused by URL policy" is our own verdict, safe to say; nothing the target answered is.
    if (VideoConductorError.isInstance(error) && error.code === 'URL_REFUSED') throw error;
    throw unavailable(remoteFailure, { isRetryable: true });
  }
  const status = response.status;
  if (!response.ok || response.body === null) {
    await response.body?.cancel().catch(() => undefined);
    throw unavailable(remoteFailure, { isRetryable: status === 408 || status === 429 || status >= 500 });
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxFirstFrameBytes) {
    await response.body.cancel().catch(() => undefined);
    throw unavailable(remoteFailure);
  }
  return readCapped(response.body, maxFirstFrameBytes, signal, () => unavailable(remoteFailure), () => unavailable(remoteFailure, { isRetryable: true }));
}

/** Reads a body whole, counting bytes as they arrive and breaking off past `maxBytes`. */
async function readCapped(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
  signal: AbortSignal | undefined,
  tooLarge: () => Error,
  broken: () => Error,
): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      if (signal?.aborted) throw signal.reason;
      throw broken();
    }
    if (chunk.done) break;
    total += chunk.value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(chunk.value);
  }
  const data = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    data.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return data;
}
