import { randomUUID } from 'node:crypto';
import { InvalidRequestError, StorageError, type Storage, type StoredObject } from '@ring/video-conductor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abortingStream, chunkedStream, failingStream, randomBytesOf, sha256Hex } from './byte-streams.js';
import { describeThrown, rejectionOf } from './rejection-of.js';

/** How {@link describeStorageContract} creates, inspects and disposes of the storage under test. */
export interface StorageContractHarness<S extends Storage = Storage> {
  /** Creates the storage under test; called once, before the first case. */
  create(): S | Promise<S>;
  /**
   * Reads the bytes stored under `key` by the backend's own means (the file system, an S3
   * `GetObject`, a test helper), or `null` when there is no object. Independent of
   * `Storage.head`, so a storage that lies about what it stored is caught.
   */
  read(storage: S, key: string): Uint8Array | null | Promise<Uint8Array | null>;
  /** Called once after the last case (close clients, remove temporary directories). */
  cleanup?(storage: S): void | Promise<void>;
  /**
   * Size of the object streamed in many chunks, in bytes. Raise it to cross a backend's
   * multipart threshold (5 MiB on S3).
   * @default 1048583 (1 MiB + 7: deliberately not a multiple of any chunk size)
   */
  largeObjectBytes?: number;
}

/**
 * Registers the `Storage` port's contract as a vitest suite: byte-exact round trips of
 * arrays and many-chunk streams, `head`, overwrite, delete, nested keys, key validation,
 * and all-or-nothing `put` (a failing or aborted body leaves no object and keeps the
 * previous one). Every case works under its own random key prefix, so the suite can run
 * against a shared bucket; the keys it wrote are deleted afterwards.
 *
 * @param name Shown in the suite title, e.g. `'MemoryStorage'`.
 * @example
 * ```ts
 * import { describeStorageContract } from '@ring/video-conductor/contract';
 * import { MemoryStorage } from '@ring/video-conductor/testing';
 *
 * describeStorageContract('MemoryStorage', {
 *   create: () => new MemoryStorage(),
 *   read: (storage, key) => storage.read(key),
 * });
 * ```
 */
export function describeStorageContract<S extends Storage>(name: string, harness: StorageContractHarness<S>): void {
  describe(`Storage contract: ${name}`, () => {
    const prefix = `contract-${randomUUID()}/`;
    const usedKeys = new Set<string>();
    let storage: S;

    /** A key unique to this suite run. */
    const keyOf = (suffix: string) => {
      const key = prefix + suffix;
      usedKeys.add(key);
      return key;
    };
    const read = async (key: string) => {
      const bytes = await harness.read(storage, key);
      return bytes === null ? null : new Uint8Array(bytes);
    };
    /** Asserts the bytes under `key` are exactly `expected` (size and sha256, so failures stay readable). */
    const expectStored = async (key: string, expected: Uint8Array) => {
      const bytes = await read(key);
      expect(bytes, `harness.read("${key}") must find the object`).not.toBeNull();
      expect(bytes?.byteLength, `size of "${key}"`).toBe(expected.byteLength);
      expect(sha256Hex(bytes ?? new Uint8Array()), `sha256 of "${key}"`).toBe(sha256Hex(expected));
    };
    /** Checks the fields every returned object must have, and sha256 when present. */
    const expectDescribes = (object: StoredObject | null, key: string, bytes: Uint8Array) => {
      expect(object, `an object must be stored under "${key}"`).not.toBeNull();
      expect(object?.key).toBe(key);
      expect(typeof object?.url === 'string' && object.url.length > 0, 'url must be a non-empty string').toBe(true);
      expect(object?.size).toBe(bytes.byteLength);
      if (object?.sha256 !== undefined) expect(object.sha256.toLowerCase(), 'sha256, when returned, must be the real hash').toBe(sha256Hex(bytes));
    };
    /** The URL without its query string: presigned URLs differ per call in their signature only. */
    const withoutQuery = (url: string | undefined) => url?.split('?')[0];

    beforeAll(async () => {
      storage = await harness.create();
    });

    afterAll(async () => {
      if (storage === undefined) return;
      for (const key of usedKeys) await storage.delete(key).catch(() => undefined);
      await harness.cleanup?.(storage);
    });

    it('identifies itself: specificationVersion v1 and a non-empty id', () => {
      expect(storage.specificationVersion).toBe('v1');
      expect(typeof storage.id === 'string' && storage.id.length > 0).toBe(true);
    });

    it('puts a Uint8Array, returns the stored object and keeps the exact bytes', async () => {
      const key = keyOf('array.mp4');
      const bytes = randomBytesOf(10_000);
      const stored = await storage.put(key, bytes, { contentType: 'video/mp4', contentLength: bytes.byteLength });
      expectDescribes(stored, key, bytes);
      await expectStored(key, bytes);
    });

    it('puts a ReadableStream of many uneven chunks byte-exactly', async () => {
      const key = keyOf('stream.mp4');
      const bytes = randomBytesOf(harness.largeObjectBytes ?? 1_048_583);
      const { stream, chunkCount } = chunkedStream(bytes);
      const stored = await storage.put(key, stream, { contentType: 'video/mp4' });
      expect(chunkCount(), 'the whole stream must be consumed').toBeGreaterThan(10);
      expectDescribes(stored, key, bytes);
      await expectStored(key, bytes);
    });

    it('head describes an existing object with the URL put returned, and gives null for a missing key', async () => {
      const key = keyOf('head.mp4');
      const bytes = randomBytesOf(2048);
      const stored = await storage.put(key, bytes, { contentType: 'video/mp4' });
      const head = await storage.head(key);
      expectDescribes(head, key, bytes);
      expect(withoutQuery(head?.url)).toBe(withoutQuery(stored.url));
      expect(await storage.head(keyOf('missing.mp4'))).toBeNull();
    });

    it('overwrites an existing object', async () => {
      const key = keyOf('overwrite.mp4');
      await storage.put(key, randomBytesOf(5000), { contentType: 'video/mp4' });
      const replacement = randomBytesOf(3000);
      const stored = await storage.put(key, replacement, { contentType: 'video/mp4' });
      expectDescribes(stored, key, replacement);
      expectDescribes(await storage.head(key), key, replacement);
      await expectStored(key, replacement);
    });

    it('deletes an object, and deleting a missing key resolves', async () => {
      const key = keyOf('delete.mp4');
      await storage.put(key, randomBytesOf(100), { contentType: 'video/mp4' });
      await storage.delete(key);
      expect(await storage.head(key)).toBeNull();
      expect(await read(key)).toBeNull();
      await expect(storage.delete(key)).resolves.toBeUndefined();
      await expect(storage.delete(keyOf('never-stored.mp4'))).resolves.toBeUndefined();
    });

    it('stores nested keys such as a/b/c.mp4 independently of their neighbours', async () => {
      const deep = keyOf('a/b/c.mp4');
      const sibling = keyOf('a/b/d.mp4');
      const deepBytes = randomBytesOf(700);
      const siblingBytes = randomBytesOf(800);
      expectDescribes(await storage.put(deep, deepBytes, { contentType: 'video/mp4' }), deep, deepBytes);
      await storage.put(sibling, siblingBytes, { contentType: 'video/mp4' });
      await expectStored(deep, deepBytes);
      await expectStored(sibling, siblingBytes);
      expect(await storage.head(keyOf('a/b'))).toBeNull();
      await storage.delete(deep);
      await expectStored(sibling, siblingBytes);
    });

    it('rejects keys that are empty, absolute or contain ".." segments (InvalidRequestError) and stores nothing', async () => {
      for (const badKey of ['', '/absolute.mp4', '../escape.mp4', `${prefix}a/../../escape.mp4`]) {
        const error = await rejectionOf(storage.put(badKey, randomBytesOf(10), { contentType: 'video/mp4' }), `put(${JSON.stringify(badKey)})`);
        expect(InvalidRequestError.isInstance(error), `put(${JSON.stringify(badKey)}) must reject with InvalidRequestError, got ${describeThrown(error)}`).toBe(true);
      }
    });

    it('a put whose stream errors halfway rejects with StorageError and leaves no object', async () => {
      const key = keyOf('broken.mp4');
      const cause = new Error('contract: body stream broke');
      const error = await rejectionOf(
        storage.put(key, failingStream({ chunksBeforeFailure: 4, chunkBytes: 16_384, error: cause }), { contentType: 'video/mp4' }),
        'put of a failing stream',
      );
      expect(StorageError.isInstance(error), `must reject with StorageError, got ${describeThrown(error)}`).toBe(true);
      expect(await storage.head(key)).toBeNull();
      expect(await read(key)).toBeNull();
    });

    it('a put whose stream errors halfway leaves the previous object under the key intact', async () => {
      const key = keyOf('broken-overwrite.mp4');
      const original = randomBytesOf(4096);
      await storage.put(key, original, { contentType: 'video/mp4' });
      const error = await rejectionOf(
        storage.put(
          key,
          failingStream({ chunksBeforeFailure: 4, chunkBytes: 16_384, error: new Error('contract: body stream broke') }),
          { contentType: 'video/mp4' },
        ),
        'put of a failing stream over an existing object',
      );
      expect(StorageError.isInstance(error), `must reject with StorageError, got ${describeThrown(error)}`).toBe(true);
      expectDescribes(await storage.head(key), key, original);
      await expectStored(key, original);
    });

    it('a put with an already-aborted signal rejects and stores nothing', async () => {
      const key = keyOf('pre-aborted.mp4');
      const signal = AbortSignal.abort(new Error('contract: aborted before the call'));
      await rejectionOf(storage.put(key, randomBytesOf(1000), { contentType: 'video/mp4' }, { signal }), 'put with an aborted signal');
      const streamKey = keyOf('pre-aborted-stream.mp4');
      await rejectionOf(
        storage.put(streamKey, chunkedStream(randomBytesOf(100_000)).stream, { contentType: 'video/mp4' }, { signal }),
        'put of a stream with an aborted signal',
      );
      expect(await storage.head(key)).toBeNull();
      expect(await read(key)).toBeNull();
      expect(await storage.head(streamKey)).toBeNull();
      expect(await read(streamKey)).toBeNull();
    });

    it('a put aborted mid-stream rejects and stores nothing', async () => {
      const key = keyOf('aborted-mid-stream.mp4');
      const controller = new AbortController();
      const body = abortingStream({ controller, abortAfterChunks: 3, totalChunks: 40, chunkBytes: 16_384 });
      await rejectionOf(storage.put(key, body, { contentType: 'video/mp4' }, { signal: controller.signal }), 'put aborted mid-stream');
      expect(await storage.head(key)).toBeNull();
      expect(await read(key)).toBeNull();
    });

    it('url(key) returns a non-empty string', async () => {
      const url = await storage.url(keyOf('url/of.mp4'));
      expect(typeof url).toBe('string');
      expect(url.length).toBeGreaterThan(0);
    });

    it('accepts contentType and metadata, and reports the contentType when it reports one', async () => {
      const key = keyOf('meta.png');
      const bytes = randomBytesOf(256);
      const stored = await storage.put(key, bytes, {
        contentType: 'image/png',
        contentLength: bytes.byteLength,
        sha256: sha256Hex(bytes),
        metadata: { recordId: randomUUID(), purpose: 'contract' },
      });
      expectDescribes(stored, key, bytes);
      const head = await storage.head(key);
      expectDescribes(head, key, bytes);
      if (head?.contentType !== undefined) expect(head.contentType).toBe('image/png');
      if (stored.contentType !== undefined) expect(stored.contentType).toBe('image/png');
      await expectStored(key, bytes);
    });
  });
}
