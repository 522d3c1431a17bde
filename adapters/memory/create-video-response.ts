/** Size of the body chunks {@link createVideoResponse} streams, in bytes (64 KiB). */
export const videoResponseChunkBytes = 64 * 1024;

/** Options of {@link createVideoResponse}. */
export interface VideoResponseOptions {
  /** MIME type sent as `content-type`. @default 'video/mp4' */
  contentType?: string;
  /** Aborting it errors the body stream with the signal's reason, as `fetch` does. */
  signal?: AbortSignal;
  /**
   * When `true`, the body stream errors (a `TypeError`, like a dropped connection) after
   * about half of the bytes were sent, although `content-length` announced them all.
   * @default false
   */
  breakMidway?: boolean;
  /** `HEAD`: the headers without a body. @default false */
  headOnly?: boolean;
}

/**
 * A `200` response serving `bytes` the way a CDN does: `content-type`, `content-length`,
 * and a body streamed in 64 KiB chunks, pulled on demand (so back-pressure and
 * mid-download aborts behave as over a network).
 */
export function createVideoResponse(bytes: Uint8Array, options: VideoResponseOptions = {}): Response {
  const headers = {
    'content-type': options.contentType ?? 'video/mp4',
    'content-length': String(bytes.byteLength),
  };
  if (options.headOnly === true) return new Response(null, { status: 200, headers });

  const { signal } = options;
  const breakAt = options.breakMidway === true ? Math.floor(bytes.byteLength / 2) : Number.POSITIVE_INFINITY;
  let offset = 0;
  const onAbort = () => controller?.error(signal?.reason);
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  const release = () => signal?.removeEventListener('abort', onAbort);
  const body = new ReadableStream<Uint8Array>(
    {
      start(streamController) {
        controller = streamController;
        signal?.addEventListener('abort', onAbort, { once: true });
      },
      pull(streamController) {
        if (offset >= breakAt) {
          release();
          streamController.error(new TypeError('terminated: the scripted download broke off midway'));
        } else if (offset >= bytes.byteLength) {
          release();
          streamController.close();
        } else {
          const end = Math.min(offset + videoResponseChunkBytes, bytes.byteLength, breakAt);
          streamController.enqueue(bytes.slice(offset, end));
          offset = end;
        }
      },
      cancel: release,
    },
    // Pull one chunk at a time, so the producer never runs ahead of the reader.
    { highWaterMark: 0 },
  );
  return new Response(body, { status: 200, headers });
}
