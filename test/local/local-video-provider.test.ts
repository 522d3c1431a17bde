import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createVideoConductor, InvalidRequestError, MemoryLedger, ProviderError } from '@ring/video-conductor';
import { describeVideoProviderContract } from '@ring/video-conductor/contract';
import { createLocalImageProvider, createLocalVideoProvider, localVideoFixtures, type LocalVideoProvider } from '@ring/video-conductor/local';
import { MemoryStorage } from '@ring/video-conductor/testing';
import { afterEach, describe, expect, it } from 'vitest';

describeVideoProviderContract('local provider (loopback HTTP)', {
  create: () => createLocalVideoProvider({ pollIntervalMs: 0 }),
  inputs: {
    textToVideo: { operation: 'generate', model: 'grok-imagine-video', prompt: 'A drone shot over Kyiv at dawn', durationSec: 6, aspectRatio: '9:16', resolution: '480p' },
    imageToVideo: { operation: 'generate', model: 'grok-imagine-video-1.5', prompt: 'The fox runs', imageUrl: 'https://images.test/fox.png', durationSec: 4 },
    edit: { operation: 'edit', model: 'grok-imagine-video', prompt: 'Make it winter', sourceVideoUrl: 'https://videos.test/summer.mp4' },
    extend: { operation: 'extend', model: 'grok-imagine-video', prompt: 'Keep flying', sourceVideoUrl: 'https://videos.test/flight.mp4', durationSec: 5 },
  },
  unknownRequestId: 'job-1',
  cleanup: (provider) => provider.close(),
});

const input = { operation: 'generate' as const, model: 'grok-imagine-video', prompt: 'A fox in the snow', durationSec: 6, aspectRatio: '16:9' };

describe('createLocalVideoProvider', () => {
  const providers: LocalVideoProvider[] = [];
  const create = (options?: Parameters<typeof createLocalVideoProvider>[0]) => {
    const provider = createLocalVideoProvider(options);
    providers.push(provider);
    return provider;
  };
  afterEach(async () => {
    await Promise.all(providers.splice(0).map((provider) => provider.close()));
  });

  it('answers pending `polls` times (with progress and the retryAfterMs hint), then done with a loopback URL', async () => {
    const provider = create({ polls: 3, pollIntervalMs: 150 });
    expect(provider.origin).toBeUndefined(); // nothing started before it is needed
    const { requestId } = await provider.submit(input);
    expect(requestId).toMatch(/^local-done-landscape-[0-9a-f-]{36}$/);
    const statuses = [];
    for (let poll = 0; poll < 4; poll++) statuses.push(await provider.getStatus(requestId));
    expect(statuses.slice(0, 3)).toEqual([
      { state: 'pending', progress: 25, retryAfterMs: 150 },
      { state: 'pending', progress: 50, retryAfterMs: 150 },
      { state: 'pending', progress: 75, retryAfterMs: 150 },
    ]);
    expect(statuses[3]).toEqual({
      state: 'done',
      video: { url: `${provider.origin}/videos/${requestId}.mp4`, durationSec: 1, contentType: 'video/mp4' },
      usage: { costUsd: 0 },
    });
    expect(provider.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves the fixture of the requested aspect ratio over real HTTP (GET and HEAD), 404 for anything else', async () => {
    const provider = create({ polls: 0 });
    const { requestId } = await provider.submit({ ...input, aspectRatio: '9:16' });
    const done = await provider.getStatus(requestId);
    if (done.state !== 'done') throw new Error(`expected done, got ${done.state}`);
    const response = await fetch(done.video.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(bytes).equals(Buffer.from(localVideoFixtures.portrait.bytes()))).toBe(true);
    expect(response.headers.get('content-length')).toBe(String(bytes.byteLength));
    const head = await fetch(done.video.url, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-length')]).toEqual([200, String(bytes.byteLength)]);
    expect((await fetch(`${provider.origin}/videos/not-a-job.mp4`)).status).toBe(404);
    expect((await fetch(`${provider.origin}/videos/${requestId.replace('done', 'failed')}.mp4`)).status).toBe(404);
    expect((await fetch(done.video.url, { method: 'POST' })).status).toBe(405);
  });

  it.each([
    ['[local:moderated]', { state: 'moderated' }],
    ['[LOCAL:FAILED]', { state: 'failed', code: 'local_failure', retryable: false }],
    ['[local:expired]', { state: 'expired' }],
  ])('a prompt with %s ends that way', async (marker, expected) => {
    const provider = create({ polls: 1 });
    const { requestId } = await provider.submit({ ...input, prompt: `A fox ${marker}` });
    expect(await provider.getStatus(requestId)).toMatchObject({ state: 'pending' });
    expect(await provider.getStatus(requestId)).toMatchObject(expected);
  });

  it('the outcome option overrides the prompt markers', async () => {
    const provider = create({ polls: 0, outcome: () => 'expired' });
    const { requestId } = await provider.submit(input);
    expect(await provider.getStatus(requestId)).toEqual({ state: 'expired' });
  });

  it('answers for jobs submitted by another instance (a restarted process), and its fetch reaches them on a new port', async () => {
    const first = create({ polls: 0 });
    const { requestId } = await first.submit(input);
    const finished = await first.getStatus(requestId);
    if (finished.state !== 'done') throw new Error('expected done');
    await first.close();
    await expect(fetch(finished.video.url)).rejects.toThrow(); // the old server is gone

    const second = create({ polls: 1 });
    expect(await second.getStatus(requestId)).toMatchObject({ state: 'pending' });
    const response = await second.fetch(finished.video.url);
    expect(response.status).toBe(200);
    expect((await response.arrayBuffer()).byteLength).toBe(localVideoFixtures.landscape.bytes().byteLength);
    expect(second.origin).not.toBe(new URL(finished.video.url).origin);
  });

  it('writes one JSON line per submit to submitLogFile before submit returns', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'local-provider-'));
    try {
      const log = path.join(directory, 'submits.jsonl');
      const provider = create({ submitLogFile: log });
      const a = await provider.submit(input);
      const b = await provider.submit({ ...input, prompt: 'Another', aspectRatio: '1:1' });
      const lines = (await readFile(log, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
      expect(lines.map((line) => [line.requestId, line.prompt, line.aspectRatio])).toEqual([
        [a.requestId, 'A fox in the snow', '16:9'],
        [b.requestId, 'Another', '1:1'],
      ]);
      expect(provider.submitCount).toBe(2);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('warns that it ignores images and source videos', async () => {
    const provider = create();
    const result = await provider.submit({ ...input, imageUrl: 'https://images.test/a.png' });
    expect(result.warnings).toEqual([{ type: 'unsupported', field: 'imageUrl', detail: expect.stringContaining('test pattern') }]);
  });

  it('cancel makes later statuses failed/cancelled; unknown ids are JOB_NOT_FOUND', async () => {
    const provider = create();
    const { requestId } = await provider.submit(input);
    await provider.cancel(requestId);
    expect(await provider.getStatus(requestId)).toMatchObject({ state: 'failed', code: 'cancelled' });
    const error = await provider.cancel('local-done-landscape-nope').catch((caught: unknown) => caught);
    expect(ProviderError.isInstance(error) && error.code).toBe('JOB_NOT_FOUND');
  });

  it('rejects bad options by name', () => {
    expect(() => createLocalVideoProvider({ polls: -1 })).toThrow(InvalidRequestError);
    expect(() => createLocalVideoProvider({ pollIntervalMs: 1.5 })).toThrow(/pollIntervalMs/);
    expect(() => createLocalVideoProvider({ port: 70_000 })).toThrow(/port/);
  });

  it('after close, a finished job cannot be served and close is idempotent', async () => {
    const provider = create({ polls: 0 });
    const { requestId } = await provider.submit(input);
    await provider.close();
    await provider.close();
    const error = await provider.getStatus(requestId).catch((caught: unknown) => caught);
    expect(ProviderError.isInstance(error) && error.code).toBe('PROVIDER_CLOSED');
  });

  it('drives the conductor end to end: plan, submit, poll, HTTP download, storage, ledger', async () => {
    const provider = create({ polls: 2, pollIntervalMs: 10 });
    const storage = new MemoryStorage();
    const ledger = new MemoryLedger();
    const conductor = createVideoConductor({ provider, imageProvider: createLocalImageProvider(), storage, ledger, fetch: provider.fetch, urlPolicy: provider.urlPolicy, polling: { intervalMs: 10 } });
    const events: string[] = [];
    const result = await conductor.generate({ prompt: 'A fox in the snow', aspectRatio: '1:1', durationSec: 4 }, { onEvent: (event) => events.push(event.type) });
    expect(events).toEqual(['planned', 'submitted', 'progress', 'progress', 'persisting', 'persisted', 'completed']);
    if (!result.success) throw new Error('expected success');
    const stored = storage.read(result.video.storageKey!);
    expect(Buffer.from(stored!).equals(Buffer.from(localVideoFixtures.square.bytes()))).toBe(true);
    const row = await ledger.get(result.recordId);
    expect(row).toMatchObject({ status: 'succeeded', provider: 'local', actualCostUsd: 0, sha256: result.sha256, outputDurationSec: 1 });

    const moderated = await conductor.generate({ prompt: 'x [local:moderated]' });
    expect(moderated).toMatchObject({ success: false, status: 'moderated' });
    const firstFrame = await conductor.generate({ prompt: 'The fox runs', firstFramePrompt: 'A fox' });
    expect(firstFrame).toMatchObject({ success: true, qualityMode: 'draft_i2v', firstFrame: { source: 'generated', provider: 'local', contentType: 'image/png' } });
    const blockedFrame = await conductor.generate({ prompt: 'The fox runs', firstFramePrompt: 'A fox [local:moderated]' });
    expect(blockedFrame).toMatchObject({ success: false, status: 'moderated', requestId: null });
  });
});
