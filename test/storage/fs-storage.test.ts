import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidRequestError, StorageError, type Storage } from '@ring/video-conductor';
import { describeStorageContract } from '@ring/video-conductor/contract';
import { createFsStorage } from '@ring/video-conductor/fs';
import { createDeterministicBody, mebibyte, sha256Of, sha256OfStream } from './deterministic-body.js';
import { traversalKeys } from './traversal-keys.js';

/** Every regular file under `directory`, relative, sorted. */
async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(directory.length + 1))
    .sort();
}

/** A body the test feeds by hand: `push` chunks, then `close` or `fail`. */
function manualBody() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let cancelReason: unknown = 'not cancelled';
  const stream = new ReadableStream<Uint8Array>({
    start(streamController) {
      controller = streamController;
    },
    cancel(reason) {
      cancelReason = reason;
    },
  });
  return {
    stream,
    push: (bytes: Uint8Array) => controller.enqueue(bytes),
    close: () => controller.close(),
    fail: (error: Error) => controller.error(error),
    cancelReason: () => cancelReason,
  };
}

/** Resolves once `condition` holds (polling the file system), or fails after 5 s. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in 5 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const bytes = (text: string) => new TextEncoder().encode(text);
const video = { contentType: 'video/mp4' };

let root: string;
let directory: string;
let storage: Storage;

beforeEach(async () => {
  // The storage lives one level down, so the test can see anything written beside it.
  root = await mkdtemp(join(tmpdir(), 'video-conductor-fs-'));
  directory = join(root, 'media');
  storage = createFsStorage({ directory });
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('fs storage: put', () => {
  it('streams a body to <directory>/<key>, creating directories, and reports the bytes written', async () => {
    const body = createDeterministicBody({ totalBytes: 3 * mebibyte + 17, chunkBytes: 256 * 1024 });
    const stored = await storage.put('videos/2025/a.mp4', body.stream, video);

    const onDisk = await readFile(join(directory, 'videos', '2025', 'a.mp4'));
    expect(onDisk.byteLength).toBe(3 * mebibyte + 17);
    expect(sha256Of(onDisk)).toBe(body.sha256());
    expect(stored).toEqual({
      key: 'videos/2025/a.mp4',
      url: pathToFileURL(join(directory, 'videos', '2025', 'a.mp4')).href,
      size: 3 * mebibyte + 17,
      contentType: 'video/mp4',
    });
    // Not hashed again: no sha256 unless the caller gave one.
    expect(stored.sha256).toBeUndefined();
    expect(await filesUnder(root)).toEqual(['media/videos/2025/a.mp4']);
  });

  it('stores a Uint8Array body and echoes meta.sha256', async () => {
    const content = bytes('first frame');
    const sha256 = sha256Of(content);
    const stored = await storage.put('frames/a.png', content, { contentType: 'image/png', sha256, contentLength: content.byteLength });
    expect(stored.size).toBe(content.byteLength);
    expect(stored.sha256).toBe(sha256);
    expect(await readFile(join(directory, 'frames', 'a.png'), 'utf8')).toBe('first frame');
  });

  it('stores an empty body', async () => {
    const stored = await storage.put('empty.bin', new ReadableStream({ start: (controller) => controller.close() }), video);
    expect(stored.size).toBe(0);
    expect(statSync(join(directory, 'empty.bin')).size).toBe(0);
  });

  it('reads the body with backpressure: the next chunk only after the previous one is on disk', async () => {
    let maxLagBytes = 0;
    let pulls = 0;
    const body = createDeterministicBody({
      totalBytes: 16 * mebibyte,
      chunkBytes: mebibyte,
      onPull(produced) {
        pulls += 1;
        const temporary = existsSync(join(directory, 'big'))
          ? readdirSync(join(directory, 'big')).find((name) => name.endsWith('.tmp'))
          : undefined;
        const written = temporary === undefined ? 0 : statSync(join(directory, 'big', temporary)).size;
        maxLagBytes = Math.max(maxLagBytes, produced - written);
      },
    });
    await storage.put('big/video.mp4', body.stream, video);
    expect(pulls).toBeGreaterThanOrEqual(16);
    expect(maxLagBytes).toBeLessThanOrEqual(mebibyte);
    expect(sha256Of(await readFile(join(directory, 'big', 'video.mp4')))).toBe(body.sha256());
  });

  it('is atomic: a temporary file beside the target while writing, the previous file intact until the rename', async () => {
    await storage.put('clips/a.mp4', bytes('old version'), video);
    const body = manualBody();
    const put = storage.put('clips/a.mp4', body.stream, video);
    body.push(bytes('new '));
    await until(() => readdirSync(join(directory, 'clips')).length === 2);

    const names = readdirSync(join(directory, 'clips')).sort();
    const temporary = names.find((name) => name !== 'a.mp4');
    // Hidden, in the same directory, with a random suffix.
    expect(temporary).toMatch(/^\.a\.mp4\.[0-9a-f]{16}\.tmp$/);
    expect(await readFile(join(directory, 'clips', 'a.mp4'), 'utf8')).toBe('old version');
    expect((await storage.head('clips/a.mp4'))?.size).toBe('old version'.length);

    body.push(bytes('version'));
    body.close();
    expect((await put).size).toBe('new version'.length);
    expect(await readFile(join(directory, 'clips', 'a.mp4'), 'utf8')).toBe('new version');
    expect(await filesUnder(directory)).toEqual(['clips/a.mp4']);
  });

  it('uses a different temporary file per call: concurrent puts of one key both complete', async () => {
    const first = createDeterministicBody({ totalBytes: 2 * mebibyte, seed: 1 });
    const second = createDeterministicBody({ totalBytes: 2 * mebibyte, seed: 2 });
    await Promise.all([storage.put('same.mp4', first.stream, video), storage.put('same.mp4', second.stream, video)]);
    const result = sha256Of(await readFile(join(directory, 'same.mp4')));
    expect([first.sha256(), second.sha256()]).toContain(result);
    expect(await filesUnder(directory)).toEqual(['same.mp4']);
  });

  it('leaves no temporary file and the previous file intact when the body errors half way', async () => {
    await storage.put('clips/a.mp4', bytes('old version'), video);
    const cause = new Error('connection reset by provider');
    const body = createDeterministicBody({ totalBytes: 8 * mebibyte, failure: { afterBytes: 3 * mebibyte, error: cause } });

    const error = await storage.put('clips/a.mp4', body.stream, video).catch((caught: unknown) => caught);

    expect(StorageError.isInstance(error)).toBe(true);
    expect((error as StorageError).code).toBe('BODY_STREAM_FAILED');
    expect((error as StorageError).key).toBe('clips/a.mp4');
    expect((error as StorageError).cause).toBe(cause);
    expect((error as StorageError).message).toContain('clips/a.mp4');
    expect(body.produced()).toBe(3 * mebibyte);
    expect(await filesUnder(root)).toEqual(['media/clips/a.mp4']);
    expect(await readFile(join(directory, 'clips', 'a.mp4'), 'utf8')).toBe('old version');
  });

  it('leaves nothing when the body errors on a key that did not exist', async () => {
    const body = createDeterministicBody({ totalBytes: 4 * mebibyte, failure: { afterBytes: mebibyte, error: new Error('boom') } });
    await expect(storage.put('new/a.mp4', body.stream, video)).rejects.toSatisfy((error) => StorageError.isInstance(error));
    expect(await filesUnder(root)).toEqual([]);
    expect(await storage.head('new/a.mp4')).toBeNull();
  });

  it('rejects with the abort reason, cancels the body and leaves no temporary file when aborted mid-stream', async () => {
    await storage.put('clips/a.mp4', bytes('old version'), video);
    const controller = new AbortController();
    const body = manualBody();
    const put = storage.put('clips/a.mp4', body.stream, video, { signal: controller.signal });
    body.push(bytes('partial'));
    await until(() => readdirSync(join(directory, 'clips')).length === 2);

    const reason = new Error('user cancelled');
    controller.abort(reason);
    await expect(put).rejects.toBe(reason);
    expect(body.cancelReason()).toBe(reason);
    expect(await filesUnder(root)).toEqual(['media/clips/a.mp4']);
    expect(await readFile(join(directory, 'clips', 'a.mp4'), 'utf8')).toBe('old version');
  });

  it('keeps no chunk it has written when given a signal: memory stays flat whatever the size', async () => {
    // Forced collections make the live set visible; vitest's workers run without --expose-gc.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const chunkBytes = 64 * 1024;
    const totalBytes = 96 * mebibyte;
    let sent = 0;
    const live: number[] = [];
    gc();
    const baseline = process.memoryUsage().arrayBuffers;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (sent >= totalBytes) return controller.close();
          // Every 16 MiB: collect, then see what is still referenced.
          if (sent % (16 * mebibyte) === 0 && sent > 0) {
            gc();
            live.push((process.memoryUsage().arrayBuffers - baseline) / mebibyte);
          }
          sent += chunkBytes;
          controller.enqueue(new Uint8Array(chunkBytes).fill(sent % 251));
        },
      },
      { highWaterMark: 0 },
    );
    const stored = await storage.put('big.mp4', body, video, { signal: new AbortController().signal });
    expect(stored.size).toBe(totalBytes);
    // Flat: chunks in flight and buffers not yet released (about 16 MiB at any check), not
    // everything read so far (16, 32, … 80 MiB, as when each read raced a long-lived promise).
    expect(live).toHaveLength(5);
    expect(Math.max(...live), `live MiB at each check: ${live.map((value) => value.toFixed(1)).join(', ')}`).toBeLessThan(40);
  });

  it('rejects at once, without writing, when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const body = createDeterministicBody({ totalBytes: mebibyte });
    const error = await storage.put('a.mp4', body.stream, video, { signal: controller.signal }).catch((caught: unknown) => caught);
    expect(error).toBe(controller.signal.reason);
    expect(body.produced()).toBe(0);
    expect(body.cancelled()).toBe(true);
    expect(existsSync(directory)).toBe(false);
  });

  it.each([
    ['shorter', 10, 'the body has 8'],
    ['longer', 6, 'the body has more than 6'],
  ])('rejects a body %s than meta.contentLength and stores nothing', async (_case, contentLength, message) => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes('1234'));
        controller.enqueue(bytes('5678'));
        controller.close();
      },
    });
    const error = await storage.put('a.mp4', body, { contentType: 'video/mp4', contentLength }).catch((caught: unknown) => caught);
    expect(StorageError.isInstance(error)).toBe(true);
    expect((error as StorageError).code).toBe('CONTENT_LENGTH_MISMATCH');
    expect((error as StorageError).message).toContain(message);
    expect(await filesUnder(root)).toEqual([]);
  });

  it('rejects a body that yields something other than Uint8Array chunks', async () => {
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue('not bytes');
        controller.close();
      },
    }) as unknown as ReadableStream<Uint8Array>;
    const error = await storage.put('a.mp4', body, video).catch((caught: unknown) => caught);
    expect(StorageError.isInstance(error)).toBe(true);
    expect((error as StorageError).code).toBe('BODY_STREAM_FAILED');
    expect(await filesUnder(root)).toEqual([]);
  });

  it('maps file system failures to a non-retryable StorageError naming the key', async () => {
    await storage.put('a', bytes('a file where a directory is needed'), video);
    const error = await storage.put('a/b.mp4', bytes('x'), video).catch((caught: unknown) => caught);
    expect(StorageError.isInstance(error)).toBe(true);
    expect((error as StorageError).isRetryable).toBe(false);
    expect((error as StorageError).storage).toBe('fs');
    expect((error as StorageError).message).toContain('"a/b.mp4"');
    expect((error as StorageError).message).toMatch(/EEXIST|ENOTDIR/);
  });
});

describe('fs storage: keys', () => {
  it.each(traversalKeys)('rejects %j with InvalidRequestError (field "key") and writes nothing', async (key) => {
    const body = createDeterministicBody({ totalBytes: mebibyte });
    const error = await storage.put(key, body.stream, video).catch((caught: unknown) => caught);
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect((error as InvalidRequestError).field).toBe('key');
    expect(body.produced()).toBe(0);
    expect(body.cancelled()).toBe(true);
    // Nothing under the storage directory, nothing beside it.
    expect(await readdir(root)).toEqual([]);

    for (const call of [() => storage.url(key), () => storage.head(key), () => storage.delete(key)]) {
      const otherError = await call().catch((caught: unknown) => caught);
      expect(InvalidRequestError.isInstance(otherError)).toBe(true);
      expect((otherError as InvalidRequestError).field).toBe('key');
    }
  });

  it('does not let a traversal key delete a file outside the directory', async () => {
    await mkdir(directory, { recursive: true });
    await writeFile(join(root, 'outside.txt'), 'keep me');
    await expect(storage.delete('../outside.txt')).rejects.toSatisfy((error) => InvalidRequestError.isInstance(error));
    expect(await readFile(join(root, 'outside.txt'), 'utf8')).toBe('keep me');
  });
});

describe('fs storage: head, delete, url', () => {
  it('head describes a stored file and returns null for a missing key or a directory', async () => {
    await storage.put('dir/a.mp4', bytes('12345'), video);
    expect(await storage.head('dir/a.mp4')).toEqual({
      key: 'dir/a.mp4',
      url: pathToFileURL(join(directory, 'dir', 'a.mp4')).href,
      size: 5,
    });
    expect(await storage.head('dir/missing.mp4')).toBeNull();
    expect(await storage.head('no/such/dir.mp4')).toBeNull();
    expect(await storage.head('dir')).toBeNull();
    expect(await storage.head('dir/a.mp4/below-a-file')).toBeNull();
  });

  it('delete removes the file and succeeds for a missing key or a directory', async () => {
    await storage.put('dir/a.mp4', bytes('12345'), video);
    await storage.delete('dir/a.mp4');
    expect(existsSync(join(directory, 'dir', 'a.mp4'))).toBe(false);
    expect(await storage.head('dir/a.mp4')).toBeNull();
    await expect(storage.delete('dir/a.mp4')).resolves.toBeUndefined();
    await expect(storage.delete('never/existed.mp4')).resolves.toBeUndefined();
    await expect(storage.delete('dir')).resolves.toBeUndefined();
    expect(existsSync(join(directory, 'dir'))).toBe(true);
  });

  it('head and delete reject with the reason of an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(storage.head('a.mp4', { signal: controller.signal })).rejects.toThrow('stop');
    await expect(storage.delete('a.mp4', { signal: controller.signal })).rejects.toThrow('stop');
  });

  it('url is a file:// URL by default, for objects that exist or not', async () => {
    expect(await storage.url('a b/ü#.mp4')).toBe(pathToFileURL(join(directory, 'a b', 'ü#.mp4')).href);
    expect(await storage.url('a b/ü#.mp4')).toContain('%23');
  });

  it('url is publicBaseUrl followed by the URI-encoded key segments, with a "/" added when missing', async () => {
    const served = createFsStorage({ directory, publicBaseUrl: 'https://media.example.com/videos' });
    expect(await served.url('a b/ü#?.mp4')).toBe('https://media.example.com/videos/a%20b/%C3%BC%23%3F.mp4');
    const stored = await served.put('2025/kyiv dawn.mp4', bytes('x'), video);
    expect(stored.url).toBe('https://media.example.com/videos/2025/kyiv%20dawn.mp4');
    expect((await served.head('2025/kyiv dawn.mp4'))?.url).toBe(stored.url);
    const withSlash = createFsStorage({ directory, publicBaseUrl: 'https://media.example.com/' });
    expect(await withSlash.url('a.mp4')).toBe('https://media.example.com/a.mp4');
  });

  it('validates its options', () => {
    expect(() => createFsStorage({ directory: '' })).toThrow(expect.objectContaining({ field: 'directory' }));
    expect(() => createFsStorage({ directory, publicBaseUrl: 'not a url' })).toThrow(
      expect.objectContaining({ field: 'publicBaseUrl' }),
    );
  });

  it('resolves a relative directory once, at creation', async () => {
    const relativeStorage = createFsStorage({ directory: 'relative-media' });
    expect(await relativeStorage.url('a.mp4')).toBe(pathToFileURL(join(process.cwd(), 'relative-media', 'a.mp4')).href);
  });

  it('is a v1 Storage with id "fs"', () => {
    expect(storage.specificationVersion).toBe('v1');
    expect(storage.id).toBe('fs');
  });
});

describe('fs storage: streamed round trip', () => {
  it('writes 64 MiB byte-exact', async () => {
    const body = createDeterministicBody({ totalBytes: 64 * mebibyte, chunkBytes: 64 * 1024 });
    const stored = await storage.put('large/64.bin', body.stream, { contentType: 'application/octet-stream' });
    expect(stored.size).toBe(64 * mebibyte);
    const { createReadStream } = await import('node:fs');
    const readBack = await sha256OfStream(createReadStream(join(directory, 'large', '64.bin')));
    expect(readBack).toEqual({ sha256: body.sha256(), size: 64 * mebibyte });
  });
});

/** The port contract harness: a fresh directory per storage. */
const fsContractHarness = (() => {
  const directories = new Map<Storage, string>();
  return {
    async create() {
      const contractDirectory = await mkdtemp(join(tmpdir(), 'video-conductor-fs-contract-'));
      const contractStorage = createFsStorage({ directory: contractDirectory });
      directories.set(contractStorage, contractDirectory);
      return contractStorage;
    },
    async read(contractStorage: Storage, key: string) {
      const contractDirectory = directories.get(contractStorage);
      if (contractDirectory === undefined) throw new Error('storage not created by this harness');
      try {
        return new Uint8Array(await readFile(join(contractDirectory, ...key.split('/'))));
      } catch (error) {
        if ((error as { code?: string }).code === 'ENOENT') return null;
        throw error;
      }
    },
    async cleanup(contractStorage: Storage) {
      const contractDirectory = directories.get(contractStorage);
      directories.delete(contractStorage);
      if (contractDirectory !== undefined) await rm(contractDirectory, { recursive: true, force: true });
    },
    largeObjectBytes: 24 * mebibyte,
  };
})();

describeStorageContract('fs', fsContractHarness);
