import { createHash } from 'node:crypto';
import type { Experimental_VideoModelV4OperationStatusResult as StatusResult } from '@ai-sdk/provider';
import { createVideoConductor } from '@ring/video-conductor';
import { createFakeTime, createTestMp4, MemoryLedger, MemoryStorage, publicTestLookup } from '@ring/video-conductor/testing';
import { MockVideoModelV4 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { fromAiSdkVideoModel } from '@ring/video-conductor/ai-sdk';
import { createJobModel, fakeSleep, response } from './ai-sdk-test-helpers.js';

/** A bridge whose model answers `doStatus` with `result`, whatever the operation. */
function bridgeAnswering(result: StatusResult, options: Parameters<typeof fromAiSdkVideoModel>[1] = {}) {
  const model = new MockVideoModelV4({
    doStart: async () => ({ operation: { id: 'op-1' }, warnings: [], response: response() }),
    doStatus: async () => result,
  });
  return fromAiSdkVideoModel(model, { sleep: fakeSleep().sleep, ...options });
}

async function statusOf(result: StatusResult, options?: Parameters<typeof fromAiSdkVideoModel>[1]) {
  const bridge = bridgeAnswering(result, options);
  const { requestId } = await bridge.submit({ operation: 'generate', model: 'mock-model-id', prompt: 'p' });
  return bridge.getStatus(requestId);
}

describe('doStatus results → ProviderVideoStatus', () => {
  it('pending → pending, with progress from the provider metadata and warnings mapped', async () => {
    expect(await statusOf({ status: 'pending', response: response() })).toEqual({ state: 'pending' });
    expect(
      await statusOf({
        status: 'pending',
        providerMetadata: { xai: { progress: 42 } },
        warnings: [{ type: 'unsupported', feature: 'duration', details: 'ignored' }],
        response: response(),
      }),
    ).toEqual({ state: 'pending', progress: 42, warnings: [{ type: 'unsupported', field: 'durationSec', detail: 'ignored' }] });
    expect(await statusOf({ status: 'pending', providerMetadata: { fal: { progress: 250 } }, response: response() })).toEqual({ state: 'pending', progress: 100 });
  });

  it('completed with a URL → done with the URL, media type, duration and cost', async () => {
    expect(
      await statusOf({
        status: 'completed',
        videos: [{ type: 'url', url: 'https://vidgen.x.ai/v.mp4', mediaType: 'video/mp4' }],
        warnings: [{ type: 'other', message: 'watermarked' }],
        providerMetadata: { xai: { duration: 6, costInUsdTicks: 4_800_000_000, videoUrl: 'https://vidgen.x.ai/v.mp4' } },
        response: response(),
      }),
    ).toEqual({
      state: 'done',
      video: { url: 'https://vidgen.x.ai/v.mp4', durationSec: 6, contentType: 'video/mp4' },
      usage: { costUsd: 0.48 },
      warnings: [{ type: 'other', message: 'watermarked' }],
    });
    expect(
      await statusOf({
        status: 'completed',
        videos: [{ type: 'url', url: 'https://fal.media/v.webm', mediaType: 'application/octet-stream' }],
        warnings: [],
        providerMetadata: { fal: { videos: [{ duration: 5.04 }], costUsd: 0.25 } },
        response: response(),
      }),
    ).toEqual({ state: 'done', video: { url: 'https://fal.media/v.webm', durationSec: 5.04 }, usage: { costUsd: 0.25 } });
  });

  it('a costUsdOf option reads the cost the provider’s way', async () => {
    const status = await statusOf(
      { status: 'completed', videos: [{ type: 'url', url: 'https://x.test/v.mp4', mediaType: 'video/mp4' }], warnings: [], providerMetadata: { luma: { credits: 3 } }, response: response() },
      { costUsdOf: (metadata) => ((metadata?.luma?.credits as number | undefined) ?? 0) * 0.1 },
    );
    expect(status).toMatchObject({ state: 'done', usage: { costUsd: expect.closeTo(0.3, 10) } });
  });

  it('completed with bytes (base64 or binary) → done with a data: URL that Node’s fetch downloads', async () => {
    const bytes = createTestMp4(4096);
    const base64 = await statusOf({ status: 'completed', videos: [{ type: 'base64', data: Buffer.from(bytes).toString('base64'), mediaType: 'video/mp4' }], warnings: [], response: response() });
    const binary = await statusOf({ status: 'completed', videos: [{ type: 'binary', data: bytes, mediaType: 'video/mp4' }], warnings: [], response: response() });
    for (const status of [base64, binary]) {
      if (status.state !== 'done') throw new Error(`expected done, got ${status.state}`);
      expect(status.video.url.startsWith('data:video/mp4;base64,')).toBe(true);
      const downloaded = await fetch(status.video.url);
      expect(downloaded.ok).toBe(true);
      expect(new Uint8Array(await downloaded.arrayBuffer())).toEqual(bytes);
    }
  });

  it('completed without a downloadable video → failed, not retryable; extra videos → a warning', async () => {
    expect(await statusOf({ status: 'completed', videos: [{ type: 'uploaded', mediaType: 'video/mp4' }], warnings: [], response: response() })).toMatchObject({
      state: 'failed',
      code: 'VIDEO_NOT_DOWNLOADABLE',
      retryable: false,
    });
    expect(await statusOf({ status: 'completed', videos: [], warnings: [], response: response() })).toMatchObject({ state: 'failed', code: 'NO_VIDEO', retryable: false });
    expect(
      await statusOf({
        status: 'completed',
        videos: [
          { type: 'url', url: 'https://x.test/1.mp4', mediaType: 'video/mp4' },
          { type: 'url', url: 'https://x.test/2.mp4', mediaType: 'video/mp4' },
        ],
        warnings: [],
        response: response(),
      }),
    ).toMatchObject({ state: 'done', video: { url: 'https://x.test/1.mp4' }, warnings: [{ type: 'other', message: 'The model returned 2 videos; only the first is kept.' }] });
  });

  it('error → moderated, expired or failed from its sentence (as @ai-sdk/xai writes them)', async () => {
    const error = (text: string) => statusOf({ status: 'error', error: text, response: response() });
    expect(await error('Video generation was blocked due to a content policy violation.')).toEqual({
      state: 'moderated',
      message: 'Video generation was blocked due to a content policy violation.',
    });
    expect(await error('Video generation request expired.')).toEqual({ state: 'expired' });
    expect(await error('Video generation failed: generation_failed')).toEqual({
      state: 'failed',
      code: 'generation_failed',
      message: 'Video generation failed: generation_failed',
      retryable: false,
    });
    expect(await error('Video generation failed: internal server timeout')).toMatchObject({ state: 'failed', retryable: true });
    const fakeKey = ['xai', 'abcdefghij0123456789'].join('-'); // assembled: no key-like literal in the source
    const leaked = await error(`Failed: the key ${fakeKey} is wrong`);
    expect(leaked).toMatchObject({ state: 'failed', message: expect.stringContaining('[REDACTED]') });
    expect(JSON.stringify(leaked)).not.toContain('abcdefghij0123456789');
  });

  it('an unknown status → pending with a warning, never a crash', async () => {
    expect(await statusOf({ status: 'queued' as never, response: response() } as never)).toEqual({
      state: 'pending',
      warnings: [{ type: 'other', message: 'The model returned an unknown status "queued"; treating the job as pending.' }],
    });
  });
});

describe('the conductor stores videos returned as bytes', () => {
  it('persists a base64 video through its data: URL with the right sha256', async () => {
    const bytes = createTestMp4(64 * 1024);
    const { model } = createJobModel({
      script: () => [{ status: 'pending' }, { status: 'completed', video: { type: 'base64', data: Buffer.from(bytes).toString('base64'), mediaType: 'video/mp4' } }],
    });
    const time = createFakeTime();
    const storage = new MemoryStorage();
    const ledger = new MemoryLedger({ clock: time.clock });
    const conductor = createVideoConductor({ provider: fromAiSdkVideoModel(model, { sleep: time.sleep }), urlPolicy: { lookup: publicTestLookup }, storage, ledger, clock: time.clock, sleep: time.sleep });
    const result = await conductor.generate({ prompt: 'bytes please', durationSec: 4 });
    expect(result).toMatchObject({ success: true, status: 'succeeded', sizeBytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') });
    expect(storage.read(`videos/${result.recordId}.mp4`)).toEqual(bytes);
  });
});
