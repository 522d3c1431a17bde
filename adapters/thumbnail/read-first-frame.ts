import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { decodeDataUrl } from './decode-data-url.js';
import { describeUrl } from './describe-url.js';
import { thumbnailError } from './thumbnail-error.js';

/** Largest first frame read, in bytes: a still image, not a video. */
export const maxFirstFrameBytes = 64 * 1024 * 1024;

/**
 * Reads the bytes of a first frame: `data:` URLs are decoded, `file://` URLs read from
 * disk, `http(s)` URLs downloaded with `fetch`.
 *
 * @throws VideoConductorError `FIRST_FRAME_UNAVAILABLE` when the image cannot be read
 *   (retryable for network failures and 408/429/5xx answers). An abort rejects with the
 *   signal's reason.
 */
export async function readFirstFrame(
  url: string,
  options: { fetch: typeof globalThis.fetch; signal?: AbortSignal | undefined },
): Promise<Uint8Array> {
  const target = describeUrl(url);
  const unavailable = (detail: string, extra: { isRetryable?: boolean; cause?: unknown } = {}) =>
    thumbnailError(`Reading the first frame from ${target} failed: ${detail}`, { code: 'FIRST_FRAME_UNAVAILABLE', ...extra });
  const reasonOf = (error: unknown) => (error as Error)?.message ?? String(error);

  const data = await readBytes(url, options, unavailable, reasonOf);
  if (data.byteLength === 0) throw unavailable('it is empty');
  if (data.byteLength > maxFirstFrameBytes) throw unavailable(`it is larger than ${maxFirstFrameBytes} bytes`);
  return data;
}

type Unavailable = (detail: string, extra?: { isRetryable?: boolean; cause?: unknown }) => Error;

async function readBytes(
  url: string,
  options: { fetch: typeof globalThis.fetch; signal?: AbortSignal | undefined },
  unavailable: Unavailable,
  reasonOf: (error: unknown) => string,
): Promise<Uint8Array> {
  const { signal } = options;
  signal?.throwIfAborted();
  if (url.startsWith('data:')) {
    try {
      return decodeDataUrl(url).data;
    } catch (error) {
      throw unavailable('malformed data: URL', { cause: error });
    }
  }

  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw unavailable('not an absolute URL', { cause: error });
  }

  if (parsed.protocol === 'file:') {
    try {
      return new Uint8Array(await readFile(fileURLToPath(parsed), { signal }));
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw unavailable(reasonOf(error), { cause: error });
    }
  }

  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw unavailable(`the ${parsed.protocol} scheme is not supported (data:, file:, http: and https: are)`);
  }

  let response: Response;
  try {
    response = await options.fetch(url, { signal });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw unavailable(`network error (${reasonOf(error)})`, { isRetryable: true, cause: error });
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    const status = response.status;
    throw unavailable(`GET answered ${status}`, { isRetryable: status === 408 || status === 429 || status >= 500 });
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxFirstFrameBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw unavailable(`it is larger than ${maxFirstFrameBytes} bytes`);
  }
  try {
    return new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw unavailable(`the body could not be read (${reasonOf(error)})`, { isRetryable: true, cause: error });
  }
}
