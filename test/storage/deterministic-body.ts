import { createHash } from 'node:crypto';

/** 1 MiB in bytes. */
export const mebibyte = 1024 * 1024;

/** Length of the noise block chunks are cut from, in bytes. */
const blockBytes = mebibyte;
/** Noise blocks by seed. */
const blocks = new Map<number, Uint8Array>();

/** 1 MiB of xorshift32 noise for `seed`, computed once. */
function noiseBlock(seed: number): Uint8Array {
  let block = blocks.get(seed);
  if (block === undefined) {
    const words = new Uint32Array(blockBytes / 4);
    let state = seed >>> 0 || 1;
    for (let word = 0; word < words.length; word++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      words[word] = state >>> 0;
    }
    block = new Uint8Array(words.buffer);
    blocks.set(seed, block);
  }
  return block;
}

/**
 * Chunk `index` of a deterministic byte sequence: a seeded noise block read from an offset
 * that depends on the index, with the index stamped into the first 4 bytes. Noise-like
 * (nothing to compress), different for every chunk (reordered or repeated parts are
 * detected), computable without the other chunks, and as cheap as a `memcpy`, so hundreds
 * of MiB are made on the fly.
 */
export function deterministicChunk(index: number, byteLength: number, seed = 0x5eed): Uint8Array {
  const block = noiseBlock(seed);
  const chunk = new Uint8Array(byteLength);
  let position = (index * 7919 * 64) % blockBytes;
  for (let filled = 0; filled < byteLength; position = 0) {
    const length = Math.min(byteLength - filled, blockBytes - position);
    chunk.set(block.subarray(position, position + length), filled);
    filled += length;
  }
  if (byteLength >= 4) new DataView(chunk.buffer).setUint32(0, index);
  return chunk;
}

/** Hex sha256 of the first `totalBytes` of the sequence in `chunkBytes` chunks, computed chunk by chunk. */
export function deterministicSha256(totalBytes: number, chunkBytes = mebibyte, seed?: number): string {
  const hash = createHash('sha256');
  for (let index = 0, offset = 0; offset < totalBytes; index++, offset += chunkBytes) {
    hash.update(deterministicChunk(index, Math.min(chunkBytes, totalBytes - offset), seed));
  }
  return hash.digest('hex');
}

/** Options of {@link createDeterministicBody}. */
export interface DeterministicBodyOptions {
  /** Length of the body in bytes. */
  totalBytes: number;
  /** Size of each chunk in bytes. @default 1 MiB */
  chunkBytes?: number;
  seed?: number;
  /**
   * Makes the stream error instead of producing the chunk that would start at or after
   * `afterBytes`; `waitFor` (when given) is awaited first, e.g. until parts were uploaded.
   */
  failure?: { afterBytes: number; error: Error; waitFor?: () => Promise<void> };
  /** Called before each chunk is produced with the bytes produced so far. */
  onPull?: (producedBytes: number) => void;
}

/** A pull-based body: nothing is generated before the consumer asks for it. */
export interface DeterministicBody {
  readonly stream: ReadableStream<Uint8Array>;
  /** Bytes handed to the consumer so far. */
  produced(): number;
  /** Hex sha256 of the bytes produced so far (of the whole body once the stream closed). */
  sha256(): string;
  /** Whether the consumer cancelled the stream. */
  cancelled(): boolean;
}

/**
 * A `ReadableStream` of deterministic chunks, generated on demand (never one big buffer),
 * hashing what it hands out.
 */
export function createDeterministicBody(options: DeterministicBodyOptions): DeterministicBody {
  const chunkBytes = options.chunkBytes ?? mebibyte;
  const hash = createHash('sha256');
  let produced = 0;
  let index = 0;
  let digest: string | undefined;
  let wasCancelled = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        options.onPull?.(produced);
        const { failure } = options;
        if (failure !== undefined && produced >= failure.afterBytes) {
          await failure.waitFor?.();
          controller.error(failure.error);
          return;
        }
        if (produced >= options.totalBytes) {
          digest = hash.digest('hex');
          controller.close();
          return;
        }
        const chunk = deterministicChunk(index, Math.min(chunkBytes, options.totalBytes - produced), options.seed);
        index += 1;
        produced += chunk.byteLength;
        hash.update(chunk);
        controller.enqueue(chunk);
      },
      cancel() {
        wasCancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return {
    stream,
    produced: () => produced,
    sha256: () => digest ?? hash.copy().digest('hex'),
    cancelled: () => wasCancelled,
  };
}

/** Reads a stream to the end and returns its hex sha256 and length, never holding it whole. */
export async function sha256OfStream(stream: AsyncIterable<Uint8Array>): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk);
    size += chunk.byteLength;
  }
  return { sha256: hash.digest('hex'), size };
}

/** Hex sha256 of bytes. */
export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
