import { createHash } from 'node:crypto';

/** What a {@link digestReadable} saw once the body ended. */
export interface StreamDigest {
  /** Hex sha256 of every byte that passed. */
  sha256: string;
  /** Bytes that passed. */
  sizeBytes: number;
}

/** Why a {@link digestReadable} stream refused the bytes it was given. */
export type RefusedMedia = 'not-mp4' | 'too-large';

const ftyp = [0x66, 0x74, 0x79, 0x70];

/**
 * Wraps a download so its bytes are hashed and counted on their way to storage: the video
 * is never buffered whole and never read twice. Pull-based, so storage backpressure reaches
 * the network. Remembers why it failed — a broken source (retryable download problem),
 * bytes that are not an MP4 (`ftyp` box type at offset 4, checked whatever the response's
 * Content-Type said) or more than `maxBytes` bytes — because the storage adapter only sees
 * "the stream errored".
 */
export function digestReadable(
  source: ReadableStream<Uint8Array>,
  options: { maxBytes: number; onData?: () => void },
): {
  stream: ReadableStream<Uint8Array>;
  /** The digest; throws until the stream ended. */
  digest: () => StreamDigest;
  /** The error the source stream raised, if it did. */
  sourceError: () => unknown;
  /** Why the bytes were refused, if they were. */
  refused: () => RefusedMedia | undefined;
} {
  const reader = source.getReader();
  const hash = createHash('sha256');
  const header = new Uint8Array(8);
  let sizeBytes = 0;
  let result: StreamDigest | undefined;
  let sourceError: unknown;
  let refused: RefusedMedia | undefined;

  const headerIsMp4 = () => ftyp.every((byte, index) => header[4 + index] === byte);
  const refuse = async (controller: ReadableStreamDefaultController<Uint8Array>, reason: RefusedMedia, message: string) => {
    refused = reason;
    const error = new Error(message);
    controller.error(error);
    await reader.cancel(error).catch(() => {});
  };

  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          sourceError = error;
          controller.error(error);
          return;
        }
        if (chunk.done) {
          if (sizeBytes < header.length) {
            refused = 'not-mp4';
            controller.error(new Error(`the downloaded file is not an MP4 (${sizeBytes} bytes)`));
            return;
          }
          result = { sha256: hash.digest('hex'), sizeBytes };
          controller.close();
          return;
        }
        const bytes = chunk.value;
        options.onData?.();
        if (sizeBytes < header.length) {
          const take = Math.min(header.length - sizeBytes, bytes.byteLength);
          header.set(bytes.subarray(0, take), sizeBytes);
          if (sizeBytes + take === header.length && !headerIsMp4()) {
            await refuse(controller, 'not-mp4', 'the downloaded file is not an MP4 (no ftyp box at offset 4)');
            return;
          }
        }
        if (sizeBytes + bytes.byteLength > options.maxBytes) {
          await refuse(controller, 'too-large', `the downloaded file is larger than ${options.maxBytes} bytes`);
          return;
        }
        sizeBytes += bytes.byteLength;
        hash.update(bytes);
        controller.enqueue(bytes);
      },
      async cancel(reason) {
        await reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );

  return {
    stream,
    digest: () => {
      if (result === undefined) throw new Error('the stream has not ended');
      return result;
    },
    sourceError: () => sourceError,
    refused: () => refused,
  };
}
