import { StorageError, VideoConductorError } from '@ring/video-conductor';

/** Why a body stopped before its end. */
export type BodyFailure =
  /** The call's signal aborted; `reason` is the signal's reason. */
  | { kind: 'aborted'; reason: unknown }
  /** The body stream errored, yielded a non-`Uint8Array` chunk or had the wrong length. */
  | { kind: 'body'; error: StorageError };

/** Options of {@link createCountingBody}. */
export interface CountingBodyOptions {
  /** The storage key, for error messages. */
  key: string;
  /** Declared length in bytes; a body of any other length fails. `undefined`: not checked. */
  contentLength?: number;
  /** Aborting it fails the body at once (unless it was already read to the end). */
  signal?: AbortSignal;
  /** Size of the slices a `Uint8Array` body is handed out in, in bytes. */
  sliceBytes: number;
}

/** A body as the uploader reads it, with what was read so far. */
export interface CountingBody {
  /** The bytes of the body, pulled on demand (high-water mark 0: nothing is read ahead). */
  readonly stream: ReadableStream<Uint8Array>;
  /** Bytes handed out so far; after the stream closed, the body's size. */
  readonly bytesRead: () => number;
  /** Why the stream failed, or `undefined` when it did not (or not yet). */
  readonly failure: () => BodyFailure | undefined;
  /** Stops reading the source (cancelling it) and drops the abort listener. Idempotent. */
  readonly dispose: (reason?: unknown) => void;
}

/**
 * Wraps a put's body in a stream that counts bytes while the uploader reads it — so the
 * size is known without a second pass — checks `contentLength`, and fails immediately
 * when the call is aborted, which makes the uploader stop and clean up.
 *
 * A `Uint8Array` body is handed out in `sliceBytes` views (no copy), so an abort is also
 * noticed between its parts.
 */
export function createCountingBody(body: ReadableStream<Uint8Array> | Uint8Array, options: CountingBodyOptions): CountingBody {
  const { key, contentLength, signal, sliceBytes } = options;
  let size = 0;
  let failure: BodyFailure | undefined;
  let finished = false;
  let disposed = false;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const reader = body instanceof Uint8Array ? undefined : body.getReader();

  const bodyError = (message: string, code: string, cause?: unknown) =>
    new StorageError(`S3 put of "${key}" failed: ${message}`, {
      storage: 's3',
      key,
      code,
      cause,
      // The producer knows best: a download that failed with a retryable error may be
      // downloaded (and stored) again.
      isRetryable: VideoConductorError.isInstance(cause) && cause.isRetryable,
    });
  const mismatch = (actual: string) =>
    bodyError(`meta.contentLength is ${contentLength} bytes but the body has ${actual}`, 'CONTENT_LENGTH_MISMATCH');

  const fail = (reason: BodyFailure) => {
    if (failure !== undefined || finished) return;
    failure = reason;
    const error = reason.kind === 'aborted' ? reason.reason : reason.error;
    controller.error(error);
    reader?.cancel(error).catch(() => undefined);
  };
  const onAbort = () => fail({ kind: 'aborted', reason: signal?.reason });

  const stream = new ReadableStream<Uint8Array>(
    {
      start(streamController) {
        controller = streamController;
        signal?.addEventListener('abort', onAbort, { once: true });
      },
      async pull() {
        if (body instanceof Uint8Array) {
          if (size >= body.byteLength) {
            finished = true;
            controller.close();
            return;
          }
          const slice = body.subarray(size, size + sliceBytes);
          size += slice.byteLength;
          controller.enqueue(slice);
          return;
        }
        let result: ReadableStreamReadResult<Uint8Array>;
        try {
          result = await reader!.read();
        } catch (error) {
          fail({ kind: 'body', error: bodyError('the body stream errored', 'BODY_STREAM_FAILED', error) });
          return;
        }
        // Aborted (or disposed) while the read was pending: the stream is already errored.
        if (failure !== undefined || disposed) return;
        if (result.done) {
          if (contentLength !== undefined && size !== contentLength) {
            fail({ kind: 'body', error: mismatch(`${size}`) });
            return;
          }
          finished = true;
          controller.close();
          return;
        }
        const chunk: unknown = result.value;
        if (!(chunk instanceof Uint8Array)) {
          fail({ kind: 'body', error: bodyError('the body stream yielded a chunk that is not a Uint8Array', 'BODY_STREAM_FAILED') });
          return;
        }
        size += chunk.byteLength;
        if (contentLength !== undefined && size > contentLength) {
          fail({ kind: 'body', error: mismatch(`more than ${contentLength}`) });
          return;
        }
        controller.enqueue(chunk);
      },
      cancel(reason) {
        reader?.cancel(reason).catch(() => undefined);
      },
    },
    { highWaterMark: 0 },
  );

  return {
    stream,
    bytesRead: () => size,
    failure: () => failure,
    dispose(reason?: unknown) {
      if (disposed) return;
      disposed = true;
      signal?.removeEventListener('abort', onAbort);
      if (!finished) reader?.cancel(reason).catch(() => undefined);
    },
  };
}
