import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

/** `size` random bytes (a fresh copy, not a pooled `Buffer`). */
export function randomBytesOf(size: number): Uint8Array {
  return new Uint8Array(randomBytes(size));
}

/** Hex sha256 of `bytes`. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * A pull stream over `bytes` in chunks of varying sizes (1 B up to 64 KiB + 1), so an
 * adapter that assumes aligned or equal chunks is caught.
 */
export function chunkedStream(bytes: Uint8Array): { stream: ReadableStream<Uint8Array>; chunkCount: () => number } {
  const sizes = [1, 7, 1000, 65_536, 65_537, 4096, 333, 16_384];
  let offset = 0;
  let count = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (offset >= bytes.byteLength) {
          controller.close();
          return;
        }
        const size = sizes[count % sizes.length] ?? 1;
        controller.enqueue(bytes.slice(offset, offset + size));
        offset += size;
        count += 1;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, chunkCount: () => count };
}

/** Options of {@link failingStream}. */
export interface FailingStreamOptions {
  /** Chunks sent before the failure. */
  chunksBeforeFailure: number;
  /** Bytes per chunk. */
  chunkBytes: number;
  /** What the stream errors with. */
  error: unknown;
}

/** A stream that sends some chunks and then errors, like a download that broke off. */
export function failingStream(options: FailingStreamOptions): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (sent >= options.chunksBeforeFailure) {
          controller.error(options.error);
          return;
        }
        controller.enqueue(randomBytesOf(options.chunkBytes));
        sent += 1;
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * A stream that aborts `controller` after `abortAfterChunks` chunks but keeps producing
 * (slowly) up to `totalChunks` and then ends normally. An adapter that ignores the signal
 * therefore completes the put, and the case fails on an assertion instead of a timeout.
 */
export function abortingStream(options: {
  controller: AbortController;
  abortAfterChunks: number;
  totalChunks: number;
  chunkBytes: number;
}): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (sent === options.abortAfterChunks) options.controller.abort(new Error('contract: aborted mid-stream'));
        if (sent >= options.totalChunks) {
          controller.close();
          return;
        }
        if (sent >= options.abortAfterChunks) await sleep(5);
        controller.enqueue(randomBytesOf(options.chunkBytes));
        sent += 1;
      },
    },
    { highWaterMark: 0 },
  );
}
