import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVideoConductor, type Storage } from '@ring/video-conductor';
import { createFsStorage } from '@ring/video-conductor/fs';
import { createTestMp4, MemoryLedger, MemoryStorage, ScriptedVideoProvider } from '@ring/video-conductor/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { rejectionOf } from '../conductor/conductor-harness.js';

const directories: string[] = [];
afterEach(async () => {
  await Promise.all(directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })));
});

async function fsStorage(): Promise<{ storage: Storage; files: () => Promise<string[]> }> {
  const directory = await mkdtemp(join(tmpdir(), 'vc-bounds-'));
  directories.push(directory);
  const files = async () => (await readdir(directory, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name);
  return { storage: createFsStorage({ directory }), files };
}

/** A body that streams `bytes` in chunks of `chunkSize`, waiting `delayMs` between them. */
function chunkedBody(bytes: Uint8Array, chunkSize: number, delayMs = 0, signal?: AbortSignal): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      // As fetch does: aborting the request errors its body.
      signal?.addEventListener('abort', () => controller.error(signal.reason));
    },
    async pull(controller) {
      if (offset >= bytes.byteLength) return controller.close();
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      controller.enqueue(bytes.slice(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}

function setup(options: { storage: Storage; fetch: typeof fetch; maxVideoBytes?: number; downloadTimeoutMs?: number; downloadStallTimeoutMs?: number }) {
  const provider = new ScriptedVideoProvider();
  const ledger = new MemoryLedger();
  const requests: string[] = [];
  const conductor = createVideoConductor({
    provider,
    ledger,
    storage: options.storage,
    fetch: async (input, init) => {
      requests.push(String(input instanceof Request ? input.url : input));
      return options.fetch(input, init);
    },
    sleep: async () => {},
    urlPolicy: provider.urlPolicy,
    ...(options.maxVideoBytes === undefined ? {} : { maxVideoBytes: options.maxVideoBytes }),
    ...(options.downloadTimeoutMs === undefined ? {} : { downloadTimeoutMs: options.downloadTimeoutMs }),
    ...(options.downloadStallTimeoutMs === undefined ? {} : { downloadStallTimeoutMs: options.downloadStallTimeoutMs }),
  });
  return { conductor, ledger, requests };
}

describe('download bounds (maxVideoBytes, downloadTimeoutMs)', () => {
  it('refuses a Content-Length above maxVideoBytes before reading: VIDEO_TOO_LARGE, nothing stored, row failed with the temporary URL', async () => {
    const storage = new MemoryStorage();
    const mp4 = createTestMp4(4096);
    const { conductor, ledger } = setup({ storage, maxVideoBytes: 4095, fetch: async () => new Response(mp4 as Uint8Array<ArrayBuffer>, { headers: { 'content-type': 'video/mp4', 'content-length': '4096' } }) });
    const error = await rejectionOf(conductor.generate({ prompt: 'x' }));
    expect(error).toMatchObject({ name: 'ProviderError', code: 'VIDEO_TOO_LARGE', isRetryable: false });
    expect(storage.keys()).toEqual([]);
    const [row] = (await ledger.list({})).records;
    expect(row).toMatchObject({ status: 'failed', error: { code: 'VIDEO_TOO_LARGE', step: 'persist' }, temporaryUrl: 'https://scripted.video.test/job-1.mp4', storageKey: null });
  });

  it('counts streamed bytes: a body of maxVideoBytes + 1 without Content-Length is VIDEO_TOO_LARGE and the fs storage keeps no file, not even a temporary one', async () => {
    const { storage, files } = await fsStorage();
    const limit = 64 * 1024;
    const mp4 = createTestMp4(limit + 1);
    const { conductor, ledger } = setup({ storage, maxVideoBytes: limit, fetch: async () => new Response(chunkedBody(mp4, 1000), { headers: { 'content-type': 'video/mp4' } }) });
    const error = await rejectionOf(conductor.generate({ prompt: 'x' }));
    expect(error).toMatchObject({ code: 'VIDEO_TOO_LARGE' });
    expect(await files()).toEqual([]);
    expect((await ledger.list({})).records[0]).toMatchObject({ status: 'failed', error: { code: 'VIDEO_TOO_LARGE' }, temporaryUrl: expect.any(String) });
  });

  it('stores a video of exactly maxVideoBytes', async () => {
    const storage = new MemoryStorage();
    const mp4 = createTestMp4(8192);
    const { conductor } = setup({ storage, maxVideoBytes: 8192, fetch: async () => new Response(chunkedBody(mp4, 1000), { headers: { 'content-type': 'video/mp4' } }) });
    const result = await conductor.generate({ prompt: 'x' });
    expect(result).toMatchObject({ status: 'succeeded', sizeBytes: 8192 });
  });

  it('a trickle that keeps the stall timer alive still ends at downloadTimeoutMs: DOWNLOAD_TIMEOUT, no file left, row persist_failed with the URL', async () => {
    const { storage, files } = await fsStorage();
    const mp4 = createTestMp4(4096);
    const { conductor, ledger } = setup({
      storage,
      downloadStallTimeoutMs: 200,
      downloadTimeoutMs: 150,
      fetch: async (_input, init) => new Response(chunkedBody(mp4, 1, 5, init?.signal ?? undefined), { headers: { 'content-type': 'video/mp4' } }),
    });
    const started = Date.now();
    const result = await conductor.generate({ prompt: 'x' });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result).toMatchObject({ success: false, status: 'persist_failed', video: null, temporaryUrl: 'https://scripted.video.test/job-1.mp4' });
    const row = await ledger.get(result.recordId);
    expect(row).toMatchObject({ status: 'persist_failed', temporaryUrl: 'https://scripted.video.test/job-1.mp4', storageKey: null });
    expect(row!.error!.message).toContain('did not finish within 150 ms');
    expect(await files()).toEqual([]);
  });

  it('rejects invalid bound options', () => {
    const provider = new ScriptedVideoProvider();
    expect(() => createVideoConductor({ provider, maxVideoBytes: 0 })).toThrow(/maxVideoBytes/);
    expect(() => createVideoConductor({ provider, downloadTimeoutMs: -1 })).toThrow(/downloadTimeoutMs/);
  });
});

describe('the MP4 signature is checked whatever the Content-Type', () => {
  it('an HTML body served as text/html is INVALID_MEDIA with nothing stored', async () => {
    const storage = new MemoryStorage();
    const html = new TextEncoder().encode('<!doctype html><html><body>login</body></html>');
    const { conductor, ledger } = setup({ storage, fetch: async () => new Response(html, { headers: { 'content-type': 'text/html' } }) });
    const error = await rejectionOf(conductor.generate({ prompt: 'x' }));
    expect(error).toMatchObject({ code: 'INVALID_MEDIA' });
    expect(storage.keys()).toEqual([]);
    expect((await ledger.list({})).records[0]).toMatchObject({ status: 'failed', error: { code: 'INVALID_MEDIA' }, storageKey: null });
  });

  it('an HTML body on the real fs storage leaves no file', async () => {
    const { storage, files } = await fsStorage();
    const html = new TextEncoder().encode('<html>'.repeat(100));
    const { conductor } = setup({ storage, fetch: async () => new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } }) });
    expect(await rejectionOf(conductor.generate({ prompt: 'x' }))).toMatchObject({ code: 'INVALID_MEDIA' });
    expect(await files()).toEqual([]);
  });

  it('an MP4 served with a wrong Content-Type is stored as video/mp4', async () => {
    const storage = new MemoryStorage();
    const mp4 = createTestMp4();
    const { conductor } = setup({ storage, fetch: async () => new Response(mp4 as Uint8Array<ArrayBuffer>, { headers: { 'content-type': 'text/plain' } }) });
    const result = await conductor.generate({ prompt: 'x' });
    expect(result).toMatchObject({ status: 'succeeded' });
    expect(await storage.head(result.video!.storageKey!)).toMatchObject({ contentType: 'video/mp4' });
  });
});
