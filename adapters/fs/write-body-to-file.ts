import type { FileHandle } from 'node:fs/promises';
import { StorageError, VideoConductorError } from '@ring/video-conductor';

/** What {@link writeBodyToFile} needs besides the file and the body. */
export interface WriteBodyContext {
  /** The object key, for error messages. */
  key: string;
  /** The declared length in bytes; any other length is an error. `undefined`: not checked. */
  contentLength?: number;
  /** Aborts the write; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Largest batch of chunks gathered while a write is in flight, in bytes and in chunks. */
const maxBatchBytes = 1024 * 1024;
const maxBatchChunks = 512;

/** Writes all of `chunk`: a file handle may accept fewer bytes than asked per call. */
async function writeAll(handle: FileHandle, chunk: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < chunk.byteLength) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
    offset += bytesWritten;
  }
}

/** Writes all of `chunks` with one `writev` when the system takes them at once. */
async function writeBatch(handle: FileHandle, chunks: Uint8Array[]): Promise<void> {
  if (chunks.length === 1) return writeAll(handle, chunks[0]!);
  let { bytesWritten } = await handle.writev(chunks);
  for (const chunk of chunks) {
    if (bytesWritten >= chunk.byteLength) {
      bytesWritten -= chunk.byteLength;
      continue;
    }
    await writeAll(handle, chunk.subarray(bytesWritten));
    bytesWritten = 0;
  }
}

function lengthMismatch(context: WriteBodyContext, actual: string): StorageError {
  return new StorageError(
    `fs put of "${context.key}" failed: meta.contentLength is ${context.contentLength} bytes but the body has ${actual}`,
    { storage: 'fs', key: context.key, code: 'CONTENT_LENGTH_MISMATCH' },
  );
}

/**
 * Copies `body` into `handle` chunk by chunk and returns the number of bytes written.
 *
 * Backpressure: one write is in flight while the next chunks are read and gathered (up to
 * 1 MiB), so memory holds about 2 MiB whatever the body's size. On failure the stream is cancelled (so
 * its producer, e.g. a download, stops) and the promise rejects with:
 * the signal's reason when aborted; a `StorageError` (`BODY_STREAM_FAILED`) when the body
 * stream errored; a `StorageError` (`CONTENT_LENGTH_MISMATCH`) when the length differs from
 * `contentLength`; the raw write error otherwise (the caller maps it).
 */
export async function writeBodyToFile(
  handle: FileHandle,
  body: ReadableStream<Uint8Array> | Uint8Array,
  context: WriteBodyContext,
): Promise<number> {
  const { signal, contentLength } = context;
  if (body instanceof Uint8Array) {
    if (contentLength !== undefined && body.byteLength !== contentLength) throw lengthMismatch(context, `${body.byteLength}`);
    await writeAll(handle, body);
    return body.byteLength;
  }

  const reader = body.getReader();
  // An abort cancels the body: a read in flight then ends at once, even when the body stalls,
  // so an aborted put never waits for it, and the loop throws the signal's reason. (Racing each
  // read against one long-lived "aborted" promise instead would keep every chunk read reachable
  // from that promise until the put ends: memory as large as the video.)
  const onAbort = () => void reader.cancel(signal?.reason).catch(() => undefined);
  signal?.addEventListener('abort', onAbort, { once: true });

  let size = 0;
  // One write in flight while the next chunks are read: the disk and the network work at
  // the same time. Chunks that arrive meanwhile are gathered (up to 1 MiB) into the next
  // write, so a slow disk gets fewer, larger writes; memory stays about 2 MiB.
  let pendingWrite: Promise<void> | undefined;
  let writing = false;
  let batch: Uint8Array[] = [];
  let batchBytes = 0;
  const flush = async () => {
    if (pendingWrite !== undefined) await pendingWrite;
    signal?.throwIfAborted();
    const chunks = batch;
    batch = [];
    batchBytes = 0;
    writing = true;
    pendingWrite = writeBatch(handle, chunks).finally(() => {
      writing = false;
    });
    // Awaited by the next flush or below; this only keeps a failure from being reported
    // as unhandled while the next read is pending.
    pendingWrite.catch(() => undefined);
  };
  try {
    for (;;) {
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await reader.read();
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        throw new StorageError(`fs put of "${context.key}" failed: the body stream errored`, {
          storage: 'fs',
          key: context.key,
          code: 'BODY_STREAM_FAILED',
          cause: error,
          // The producer knows best: a download that failed with a retryable error may be
          // downloaded (and stored) again.
          isRetryable: VideoConductorError.isInstance(error) && error.isRetryable,
        });
      }
      if (signal?.aborted) throw signal.reason;
      if (result.done) break;
      const chunk: unknown = result.value;
      if (!(chunk instanceof Uint8Array)) {
        throw new StorageError(`fs put of "${context.key}" failed: the body stream yielded a chunk that is not a Uint8Array`, {
          storage: 'fs',
          key: context.key,
          code: 'BODY_STREAM_FAILED',
        });
      }
      size += chunk.byteLength;
      if (contentLength !== undefined && size > contentLength) throw lengthMismatch(context, `more than ${contentLength}`);
      if (chunk.byteLength === 0) continue;
      batch.push(chunk);
      batchBytes += chunk.byteLength;
      if (!writing || batchBytes >= maxBatchBytes || batch.length >= maxBatchChunks) await flush();
    }
    if (batch.length > 0) await flush();
    if (pendingWrite !== undefined) await pendingWrite;
    if (contentLength !== undefined && size !== contentLength) throw lengthMismatch(context, `${size}`);
    return size;
  } catch (error) {
    // Tell the producer to stop; a no-op when the stream itself errored or ended.
    reader.cancel(error).catch(() => undefined);
    // The caller closes and removes the file next: let the write in flight settle first.
    await pendingWrite?.catch(() => undefined);
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    reader.releaseLock();
  }
}
