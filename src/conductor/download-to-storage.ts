import { ProviderError } from '../errors/provider-error.js';
import { StorageError } from '../errors/storage-error.js';
import { VideoConductorError } from '../errors/video-conductor-error.js';
import type { Storage, StoredObject } from '../ports/storage.js';
import { digestReadable, type StreamDigest } from './digest-readable.js';
import { isAbortOf } from './job-context.js';

/** Options of {@link downloadToStorage}: one download of a finished video into storage. */
export interface DownloadToStorageOptions {
  /** The provider's temporary URL of the video. */
  url: string;
  /** Storage key the video is written to. */
  key: string;
  storage: Storage;
  /** The conductor's fetch (behind its URL policy). */
  fetch: typeof globalThis.fetch;
  /** Facts every error carries: provider id, the provider's request id and the ledger record id. */
  facts: { provider: string; requestId: string | undefined; recordId: string };
  /** The caller's signal: its abort is rethrown as it is, never wrapped. */
  signal: AbortSignal | undefined;
  /** No headers or no bytes for this long, in ms: the attempt is broken off (`DOWNLOAD_STALLED`, retryable). */
  stallTimeoutMs: number;
  /** Longest the whole attempt may take, in ms (`DOWNLOAD_TIMEOUT`, not retryable). */
  timeoutMs: number;
  /** Largest video stored, in bytes (`VIDEO_TOO_LARGE`). */
  maxVideoBytes: number;
}

/**
 * Streams the video from its URL through a hashing stream into storage: download → hash →
 * store, memory bounded by the storage adapter's buffers. Only an MP4 is stored.
 *
 * @returns the stored object and the sha256 and size of the bytes that went in.
 * @throws ProviderError (`DOWNLOAD_*`, `TEMPORARY_URL_EXPIRED`, `INVALID_MEDIA`, `VIDEO_TOO_LARGE`) or StorageError.
 */
export async function downloadToStorage(options: DownloadToStorageOptions): Promise<{ object: StoredObject; digest: StreamDigest }> {
  const { facts, stallTimeoutMs, timeoutMs } = options;
  const target = describeUrl(options.url);
  // A download that stops sending (no headers, or no bytes) for stallTimeoutMs is broken off
  // and retried, instead of holding the job for the transport's own timeouts.
  const stall = new AbortController();
  const stalled = () =>
    stall.abort(new ProviderError(`GET ${target} stalled: no data for ${stallTimeoutMs} ms`, { ...facts, code: 'DOWNLOAD_STALLED', isRetryable: true }));
  let timer = setTimeout(stalled, stallTimeoutMs);
  const rearm = () => {
    clearTimeout(timer);
    timer = setTimeout(stalled, stallTimeoutMs);
  };
  // The stall timer restarts on every chunk, so a trickle (1 byte/s) would never trip it:
  // the whole download also has a deadline. Not retried here; the row keeps the URL for resume().
  const deadline = setTimeout(
    () => stall.abort(new ProviderError(`GET ${target} did not finish within ${timeoutMs} ms`, { ...facts, code: 'DOWNLOAD_TIMEOUT', isRetryable: false })),
    timeoutMs,
  );
  const signal = options.signal === undefined ? stall.signal : AbortSignal.any([options.signal, stall.signal]);
  try {
    return await fetchAndPut(options, target, signal, rearm);
  } catch (error) {
    // The transport reports our own abort in its own words; the reason is the typed error.
    const reason: unknown = stall.signal.reason;
    if (VideoConductorError.isInstance(reason) && reason.code === 'DOWNLOAD_TIMEOUT' && !isAbortOf(error, options.signal)) throw reason;
    throw error;
  } finally {
    clearTimeout(timer);
    clearTimeout(deadline);
  }
}

/** One attempt: the request under `signal` (caller, stall and deadline), `onData` on every sign of life. */
async function fetchAndPut(
  options: DownloadToStorageOptions,
  target: string,
  signal: AbortSignal,
  onData: () => void,
): Promise<{ object: StoredObject; digest: StreamDigest }> {
  const { facts, storage, key, maxVideoBytes } = options;
  let response: Response;
  try {
    response = await options.fetch(options.url, { signal });
    onData();
  } catch (error) {
    if (isAbortOf(error, options.signal)) throw error;
    if (VideoConductorError.isInstance(error)) throw error;
    throw new ProviderError(`GET ${target} failed: ${(error as Error).message}`, { ...facts, code: 'DOWNLOAD_FAILED', isRetryable: true, cause: error });
  }
  if (!response.ok || response.body === null) {
    await response.body?.cancel().catch(() => {});
    // A temporary URL that answers "gone" will not come back: the paid video is lost, and the row must say so.
    const expired = response.status === 403 || response.status === 404 || response.status === 410;
    throw new ProviderError(
      expired
        ? `GET ${target} failed with ${response.status}: the temporary URL has expired, the video can no longer be downloaded`
        : `GET ${target} failed with ${response.status}`,
      { ...facts, code: expired ? 'TEMPORARY_URL_EXPIRED' : 'DOWNLOAD_FAILED', status: response.status, isRetryable: expired ? false : undefined },
    );
  }
  const tooLarge = () =>
    new ProviderError(`GET ${target} returned a video larger than maxVideoBytes (${maxVideoBytes} bytes); nothing was stored`, {
      ...facts, code: 'VIDEO_TOO_LARGE', isRetryable: false,
    });
  // fetch decodes gzip/br bodies, so an encoded response's Content-Length is not the size stored.
  const encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
  const lengthHeader = encoded ? Number.NaN : Number(response.headers.get('content-length'));
  if (Number.isFinite(lengthHeader) && lengthHeader > maxVideoBytes) {
    await response.body.cancel().catch(() => {});
    throw tooLarge();
  }
  // The bytes decide, not the Content-Type: whatever the server called it, only an MP4 is stored, as video/mp4.
  const body = digestReadable(response.body, { maxBytes: maxVideoBytes, onData });
  try {
    const object = await storage.put(
      key,
      body.stream,
      {
        contentType: 'video/mp4',
        contentLength: Number.isFinite(lengthHeader) && lengthHeader > 0 ? lengthHeader : undefined,
        metadata: { recordId: facts.recordId, ...(facts.requestId === undefined ? {} : { requestId: facts.requestId }) },
      },
      { signal: options.signal },
    );
    return { object, digest: body.digest() };
  } catch (error) {
    if (isAbortOf(error, options.signal)) throw error;
    if (body.refused() === 'not-mp4') {
      throw new ProviderError(`GET ${target} returned a file that is not an MP4; nothing was stored`, { ...facts, code: 'INVALID_MEDIA', isRetryable: false });
    }
    if (body.refused() === 'too-large') throw tooLarge();
    if (body.sourceError() !== undefined) {
      throw new ProviderError(`GET ${target} broke off while downloading`, { ...facts, code: 'DOWNLOAD_FAILED', isRetryable: true, cause: body.sourceError() });
    }
    if (VideoConductorError.isInstance(error)) throw error;
    throw new StorageError(`Storing ${key} failed: ${(error as Error)?.message ?? String(error)}`, { storage: storage.id, key, cause: error });
  }
}

/** Origin and path of a URL, without the query string that often holds a signature. */
function describeUrl(url: string): string {
  // A data: URL's "path" is the payload itself (a whole video, possibly).
  if (url.startsWith('data:')) return 'a data: URL';
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return 'the video URL';
  }
}
