import { createHash } from 'node:crypto';
import {
  StorageError,
  type CallOptions,
  type PutMeta,
  type Storage,
  type StoredObject,
} from '@ring/video-conductor';
import { validateStorageKey } from '@ring/video-conductor/provider-kit';

/** Options of {@link MemoryStorage}. */
export interface MemoryStorageOptions {
  /**
   * Prefix of the URLs objects are "served" from; the key (each segment URI-encoded) is
   * appended. End it with `/`.
   * @default 'memory://video-conductor/'
   */
  baseUrl?: string;
}

/** One stored object. */
interface MemoryObject {
  bytes: Uint8Array;
  /** Hex sha256 of `bytes`. */
  sha256: string;
  contentType: string;
  metadata: Record<string, string>;
}

/**
 * A {@link Storage} that keeps objects in process memory, for tests and examples.
 *
 * Behaves like the real adapters where it matters: `put` reads the whole body before
 * committing, so a body stream that errors or a call that is aborted leaves nothing behind
 * (and any previous object under the key intact); keys are validated the same way; sizes
 * and sha256 are computed from the bytes. The URLs it returns are not fetchable.
 *
 * @example
 * ```ts
 * const storage = new MemoryStorage();
 * const stored = await storage.put('videos/a.mp4', createTestMp4(), { contentType: 'video/mp4' });
 * stored.url; // 'memory://video-conductor/videos/a.mp4'
 * storage.read('videos/a.mp4'); // the bytes, for assertions
 * ```
 */
export class MemoryStorage implements Storage {
  readonly specificationVersion = 'v1' as const;
  readonly id: string = 'memory';

  readonly #baseUrl: string;
  readonly #objects = new Map<string, MemoryObject>();

  constructor(options: MemoryStorageOptions = {}) {
    this.#baseUrl = options.baseUrl ?? 'memory://video-conductor/';
  }

  /**
   * Reads `body` completely, then stores it under `key`, replacing any object there.
   *
   * @throws InvalidRequestError (field `key`) for a key `validateStorageKey` refuses.
   * @throws StorageError when the body stream errors, yields something other than
   * `Uint8Array` chunks, or disagrees with `meta.contentLength` / `meta.sha256`.
   * Rejects with `options.signal.reason` when aborted. In every failure case nothing is stored.
   */
  async put(
    key: string,
    body: ReadableStream<Uint8Array> | Uint8Array,
    meta: PutMeta,
    options: CallOptions = {},
  ): Promise<StoredObject> {
    const { signal } = options;
    try {
      this.#checkKey(key);
      signal?.throwIfAborted();
    } catch (error) {
      // The body will never be read: release its producer (a download, a file) now.
      if (!(body instanceof Uint8Array)) body.cancel(error).catch(() => undefined);
      throw error;
    }
    const bytes = body instanceof Uint8Array ? body.slice() : await this.#readStream(key, body, signal);
    // The last chunk may have arrived together with the abort: an aborted put never commits.
    signal?.throwIfAborted();

    if (meta.contentLength !== undefined && meta.contentLength !== bytes.byteLength) {
      throw new StorageError(
        `put "${key}" to memory storage failed: contentLength says ${meta.contentLength} bytes, the body has ${bytes.byteLength}`,
        { storage: this.id, key },
      );
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (meta.sha256 !== undefined && meta.sha256.toLowerCase() !== sha256) {
      throw new StorageError(`put "${key}" to memory storage failed: the body's sha256 is ${sha256}, meta.sha256 says ${meta.sha256}`, {
        storage: this.id,
        key,
      });
    }
    const object: MemoryObject = { bytes, sha256, contentType: meta.contentType, metadata: { ...meta.metadata } };
    this.#objects.set(key, object);
    return this.#describe(key, object);
  }

  /** `baseUrl` followed by the key, each segment URI-encoded. */
  async url(key: string): Promise<string> {
    this.#checkKey(key);
    return this.#urlOf(key);
  }

  /** The object's key, URL, size, sha256 and content type, or `null` when there is none. */
  async head(key: string, options: CallOptions = {}): Promise<StoredObject | null> {
    this.#checkKey(key);
    options.signal?.throwIfAborted();
    const object = this.#objects.get(key);
    return object === undefined ? null : this.#describe(key, object);
  }

  /** Removes the object; resolves when there is none. */
  async delete(key: string, options: CallOptions = {}): Promise<void> {
    this.#checkKey(key);
    options.signal?.throwIfAborted();
    this.#objects.delete(key);
  }

  /**
   * Test helper: a copy of the bytes stored under `key`, or `null` when there is none.
   * Not part of the `Storage` port.
   */
  read(key: string): Uint8Array | null {
    return this.#objects.get(key)?.bytes.slice() ?? null;
  }

  /** Test helper: every stored key, sorted. Not part of the `Storage` port. */
  keys(): string[] {
    return [...this.#objects.keys()].sort();
  }

  async #readStream(key: string, stream: ReadableStream<Uint8Array>, signal: AbortSignal | undefined): Promise<Uint8Array> {
    const reader = stream.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    // Settles only on abort, so a stream that stalls cannot hold an aborted put forever.
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_resolve, reject) => {
      onAbort = () => reject(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    aborted.catch(() => undefined);
    try {
      for (;;) {
        let result: ReadableStreamReadResult<Uint8Array>;
        try {
          result = await (signal === undefined ? reader.read() : Promise.race([reader.read(), aborted]));
        } catch (error) {
          if (signal?.aborted) {
            reader.cancel(signal.reason).catch(() => undefined);
            throw signal.reason;
          }
          throw new StorageError(`put "${key}" to memory storage failed: the body stream errored`, {
            storage: this.id,
            key,
            cause: error,
          });
        }
        if (result.done) break;
        const chunk: unknown = result.value;
        if (!(chunk instanceof Uint8Array)) {
          reader.cancel().catch(() => undefined);
          throw new StorageError(`put "${key}" to memory storage failed: the body stream yielded a chunk that is not a Uint8Array`, {
            storage: this.id,
            key,
          });
        }
        // Copy: the producer may reuse its buffer after handing it over.
        chunks.push(chunk.slice());
        size += chunk.byteLength;
      }
    } finally {
      if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
    }
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return bytes;
  }

  #describe(key: string, object: MemoryObject): StoredObject {
    return {
      key,
      url: this.#urlOf(key),
      size: object.bytes.byteLength,
      sha256: object.sha256,
      contentType: object.contentType,
    };
  }

  #urlOf(key: string): string {
    return this.#baseUrl + key.split('/').map(encodeURIComponent).join('/');
  }

  /** The key rules every adapter shares, so a key this storage accepts works on the real ones too. */
  #checkKey(key: string): void {
    validateStorageKey(key, this.id);
  }
}
