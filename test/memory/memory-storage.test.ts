import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidRequestError, StorageError } from '@ring/video-conductor';
import { MemoryStorage } from '@ring/video-conductor/testing';

const bytes = new Uint8Array([1, 2, 3, 4, 5]);
const sha256 = (value: Uint8Array) => createHash('sha256').update(value).digest('hex');

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

function streamOf(...chunks: unknown[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk as Uint8Array);
      controller.close();
    },
  });
}

describe('MemoryStorage', () => {
  it('describes what it stored: URL under baseUrl with encoded segments, size, sha256, content type', async () => {
    const storage = new MemoryStorage({ baseUrl: 'https://media.test/' });
    expect(storage.id).toBe('memory');
    const stored = await storage.put('videos/a b/ü.mp4', bytes, { contentType: 'video/mp4' });
    expect(stored).toEqual({
      key: 'videos/a b/ü.mp4',
      url: 'https://media.test/videos/a%20b/%C3%BC.mp4',
      size: 5,
      sha256: sha256(bytes),
      contentType: 'video/mp4',
    });
    expect(await storage.url('videos/a b/ü.mp4')).toBe(stored.url);
    expect(await new MemoryStorage().url('x/y.mp4')).toBe('memory://video-conductor/x/y.mp4');
  });

  it('read and keys expose the stored bytes as copies', async () => {
    const storage = new MemoryStorage();
    const body = bytes.slice();
    await storage.put('b.mp4', body, { contentType: 'video/mp4' });
    await storage.put('a/c.mp4', bytes, { contentType: 'video/mp4' });
    body[0] = 99;
    const read = storage.read('b.mp4');
    expect(read).toEqual(bytes);
    read![1] = 42;
    expect(storage.read('b.mp4')).toEqual(bytes);
    expect(storage.read('missing.mp4')).toBeNull();
    expect(storage.keys()).toEqual(['a/c.mp4', 'b.mp4']);
  });

  it('rejects invalid keys with InvalidRequestError (field key) in every method, before reading the body', async () => {
    const storage = new MemoryStorage();
    for (const key of ['', '/abs.mp4', 'a/../b.mp4', '..', 'nul\0.mp4', 'back\\slash.mp4']) {
      let pulled = false;
      const body = new ReadableStream<Uint8Array>({ pull: () => void (pulled = true) });
      const error = await rejectionOf(storage.put(key, body, { contentType: 'video/mp4' }));
      expect(InvalidRequestError.isInstance(error), `put(${JSON.stringify(key)})`).toBe(true);
      expect(error).toMatchObject({ field: 'key' });
      expect(pulled).toBe(false);
      expect(await rejectionOf(storage.head(key))).toMatchObject({ field: 'key' });
      expect(await rejectionOf(storage.delete(key))).toMatchObject({ field: 'key' });
      expect(await rejectionOf(storage.url(key))).toMatchObject({ field: 'key' });
    }
    expect(storage.keys()).toEqual([]);
  });

  it('wraps a stream error in StorageError, keeping the cause, and keeps the previous object', async () => {
    const storage = new MemoryStorage();
    await storage.put('v.mp4', bytes, { contentType: 'video/mp4' });
    const cause = new Error('socket hang up');
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) controller.error(cause);
        else controller.enqueue(new Uint8Array([9, 9, 9]));
        sent = true;
      },
    });
    const error = await rejectionOf(storage.put('v.mp4', body, { contentType: 'video/mp4' }));
    expect(StorageError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'STORAGE_ERROR', storage: 'memory', key: 'v.mp4', cause });
    expect(storage.read('v.mp4')).toEqual(bytes);
  });

  it('refuses chunks that are not Uint8Array, and bodies that contradict contentLength or sha256', async () => {
    const storage = new MemoryStorage();
    expect(StorageError.isInstance(await rejectionOf(storage.put('a.mp4', streamOf('text'), { contentType: 'video/mp4' })))).toBe(true);
    const lengthError = await rejectionOf(storage.put('a.mp4', bytes, { contentType: 'video/mp4', contentLength: 6 }));
    expect(StorageError.isInstance(lengthError)).toBe(true);
    expect((lengthError as Error).message).toContain('contentLength');
    const hashError = await rejectionOf(storage.put('a.mp4', bytes, { contentType: 'video/mp4', sha256: '0'.repeat(64) }));
    expect(StorageError.isInstance(hashError)).toBe(true);
    expect(storage.keys()).toEqual([]);
    await storage.put('a.mp4', streamOf(bytes.subarray(0, 2), bytes.subarray(2)), { contentType: 'video/mp4', contentLength: 5, sha256: sha256(bytes).toUpperCase() });
    expect(storage.read('a.mp4')).toEqual(bytes);
  });

  it('rejects with the signal reason: before the call, mid-stream (cancelling the body), and on head/delete', async () => {
    const storage = new MemoryStorage();
    const reason = new Error('shutting down');
    const signal = AbortSignal.abort(reason);
    let cancelledWith: unknown;
    const unread = new ReadableStream<Uint8Array>({ cancel: (value) => void (cancelledWith = value) });
    expect(await rejectionOf(storage.put('a.mp4', unread, { contentType: 'video/mp4' }, { signal }))).toBe(reason);
    expect(cancelledWith).toBe(reason);
    expect(await rejectionOf(storage.head('a.mp4', { signal }))).toBe(reason);
    expect(await rejectionOf(storage.delete('a.mp4', { signal }))).toBe(reason);

    // A stream that stalls forever: only the abort can end the put.
    const controller = new AbortController();
    let stalledCancel: unknown;
    const stalled = new ReadableStream<Uint8Array>({
      start: (streamController) => streamController.enqueue(bytes),
      cancel: (value) => void (stalledCancel = value),
    });
    const put = storage.put('b.mp4', stalled, { contentType: 'video/mp4' }, { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 5);
    expect(await rejectionOf(put)).toBe(reason);
    expect(stalledCancel).toBe(reason);
    expect(storage.keys()).toEqual([]);
  });

  it('delete removes only the given key', async () => {
    const storage = new MemoryStorage();
    await storage.put('a/b.mp4', bytes, { contentType: 'video/mp4' });
    await storage.put('a/b.mp4.jpg', bytes, { contentType: 'image/jpeg' });
    await storage.delete('a/b.mp4');
    expect(storage.keys()).toEqual(['a/b.mp4.jpg']);
    expect(await storage.head('a/b.mp4.jpg')).toMatchObject({ contentType: 'image/jpeg', size: 5 });
  });
});
