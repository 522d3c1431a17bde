import { VideoConductorError } from '../errors/video-conductor-error.js';
import type { StoredObject } from '../ports/storage.js';
import type { VideoRecord } from '../ports/video-record.js';
import { retryWithBackoff } from '../retry/retry-with-backoff.js';
import { addThumbnail } from './add-thumbnail.js';
import type { StreamDigest } from './digest-readable.js';
import { downloadToStorage } from './download-to-storage.js';
import type { GenerateVideoResult } from './generate-video-result.js';
import { type CallContext, type ConductorDependencies, completeJob, isAbortOf } from './job-context.js';
import { hasExpiringUrls, withReadableResultUrls } from './readable-url.js';
import { resultFromRecord } from './record-outcome.js';
import { failJob, recordPersistFailed, recordSucceeded } from './record-transitions.js';

/** Persist failures that retrying cannot fix: the row ends `failed` (still holding the temporary URL). */
const finalPersistCodes: ReadonlySet<string> = new Set(['INVALID_MEDIA', 'TEMPORARY_URL_EXPIRED', 'VIDEO_TOO_LARGE']);

/** The `retryAfterMs` an error carries (a 429's `Retry-After`), if any. */
export function retryAfterOf(error: unknown): number | undefined {
  const value = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof value === 'number' ? value : undefined;
}

/**
 * Copies a finished video (a `persisting` or `persist_failed` row with its temporary URL) into
 * storage, retrying what may pass, then records the outcome: `succeeded` (plus the thumbnail),
 * `persist_failed` (paid, kept for `persist()`), or `failed` for what retrying cannot fix.
 * Without a storage, the temporary URL is the result.
 */
export async function persistVideo(
  deps: ConductorDependencies,
  record: VideoRecord & { temporaryUrl: string },
  call: CallContext,
): Promise<GenerateVideoResult> {
  const { storage } = deps;
  const temporaryUrl = record.temporaryUrl;
  call.emit({ type: 'persisting', recordId: record.id, temporaryUrl });
  if (storage === undefined) return completeJob(await recordSucceeded(deps, record, { url: temporaryUrl }), call);
  const key = `${deps.keyPrefix}${record.id}.mp4`;
  let stored: { object: StoredObject; digest: StreamDigest };
  try {
    stored = await retryWithBackoff(
      () =>
        downloadToStorage({
          url: temporaryUrl,
          key,
          storage,
          fetch: deps.fetch,
          facts: { provider: deps.provider.id, requestId: record.requestId ?? undefined, recordId: record.id },
          signal: call.signal,
          stallTimeoutMs: deps.downloadStallTimeoutMs,
          timeoutMs: deps.downloadTimeoutMs,
          maxVideoBytes: deps.maxVideoBytes,
        }),
      {
        maxRetries: deps.persistRetries,
        shouldRetry: (error) => VideoConductorError.isInstance(error) && error.isRetryable,
        retryAfterMs: retryAfterOf,
        sleep: deps.sleep,
        random: deps.random,
        signal: call.signal,
      },
    );
  } catch (error) {
    if (isAbortOf(error, call.signal)) throw error;
    // Retrying cannot help these: the row ends failed, still holding the paid temporary URL.
    if (VideoConductorError.isInstance(error) && finalPersistCodes.has(error.code)) return failJob(deps, record, error, 'persist', call);
    // The video is paid for: keep the temporary URL and let resume() store it later.
    return completeJob(await recordPersistFailed(deps, record, error), call);
  }
  const { object, digest } = stored;
  call.emit({ type: 'persisted', recordId: record.id, storageKey: object.key, url: object.url, sha256: digest.sha256, sizeBytes: digest.sizeBytes });
  // A URL that expires (presigned) is not written into the row: the row keeps the key, and a
  // fresh URL is minted whenever one is asked for (get, resume, url).
  const expiring = hasExpiringUrls(storage);
  const succeeded = await recordSucceeded(deps, record, { storageKey: object.key, url: expiring ? null : object.url, sha256: digest.sha256, sizeBytes: digest.sizeBytes });
  const final = await addThumbnail(deps, succeeded, call, object.url);
  if (!expiring) return completeJob(final, call);
  const result = await withReadableResultUrls(storage, resultFromRecord(final), deps.clock.now());
  call.emit({ type: 'completed', recordId: final.id, result });
  return result;
}
