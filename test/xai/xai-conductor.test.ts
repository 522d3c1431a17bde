import { createHash } from 'node:crypto';
import { createVideoConductor, type VideoRecord } from '@ring/video-conductor';
import { createFakeTime, createTestMp4, MemoryLedger, MemoryStorage, publicTestLookup } from '@ring/video-conductor/testing';
import { createXai } from '@ring/video-conductor/xai';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { apiBase, canaryKey, useXaiMockServer } from './xai-test-server.js';

const { server, seen } = useXaiMockServer();
const requestId = 'd97415a1-5796-b7ec-379f-4e6819e08fdf';
const videoUrl = `https://vidgen.x.ai/xai-vidgen-bucket/${requestId}/video.mp4`;
const frameUrl = 'https://imgen.x.ai/xai-imgen/frame-0001.jpeg';
const mp4 = createTestMp4(300_000);

describe('conductor end to end through the xAI adapter (msw) with memory storage and ledger', () => {
  it('makes the first frame, submits image-to-video, polls through 202-empty and pending, stores the MP4', async () => {
    let polls = 0;
    server.use(
      http.post(`${apiBase}/images/generations`, () => HttpResponse.json({ data: [{ url: frameUrl }] })),
      http.post(`${apiBase}/videos/generations`, () => HttpResponse.json({ request_id: requestId })),
      http.get(`${apiBase}/videos/${requestId}`, () => {
        polls += 1;
        if (polls === 1) return new HttpResponse(null, { status: 202 });
        if (polls === 2) return HttpResponse.json({ status: 'pending', progress: 40 });
        return HttpResponse.json({
          status: 'done',
          model: 'grok-imagine-video-1.5',
          video: { url: videoUrl, duration: 6, respect_moderation: true },
          usage: { cost_in_usd_ticks: 4_800_000_000 },
          progress: 100,
        });
      }),
      http.get(videoUrl, () => new HttpResponse(mp4, { headers: { 'content-type': 'video/mp4', 'content-length': String(mp4.byteLength) } })),
    );

    const time = createFakeTime();
    const ledger = new MemoryLedger({ clock: time.clock });
    const storage = new MemoryStorage();
    const xai = createXai({ apiKey: canaryKey, sleep: time.sleep });
    const conductor = createVideoConductor({ provider: xai.video, urlPolicy: { lookup: publicTestLookup }, imageProvider: xai.image, storage, ledger, clock: time.clock, sleep: time.sleep });
    const rows: Record<string, Pick<VideoRecord, 'status' | 'requestId'>> = {};
    const pendingReads: Promise<void>[] = [];

    const result = await conductor.generate(
      { prompt: 'The gate opens and riders gallop out', firstFramePrompt: 'A castle gate at dusk', durationSec: 6, aspectRatio: '9:16', audit: { clipId: 'gate' } },
      {
        onEvent: (event) => {
          if (event.type === 'planned' || event.type === 'submitted') {
            pendingReads.push(ledger.get(event.recordId).then((row) => void (rows[event.type] = { status: row!.status, requestId: row!.requestId })));
          }
        },
      },
    );
    await Promise.all(pendingReads);

    // The wire, in order: first frame, billable submit, three polls, one download.
    const wire = await seen();
    expect(wire.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /v1/images/generations',
      'POST /v1/videos/generations',
      `GET /v1/videos/${requestId}`,
      `GET /v1/videos/${requestId}`,
      `GET /v1/videos/${requestId}`,
      `GET /xai-vidgen-bucket/${requestId}/video.mp4`,
    ]);
    expect(JSON.parse(wire[0]!.body)).toMatchObject({ prompt: 'A castle gate at dusk', model: 'grok-imagine-image', aspect_ratio: '9:16' });
    expect(JSON.parse(wire[1]!.body)).toEqual({
      prompt: 'The gate opens and riders gallop out',
      model: 'grok-imagine-video-1.5',
      duration: 6,
      aspect_ratio: '9:16',
      resolution: '480p',
      image: { url: frameUrl },
    });
    expect(wire[1]!.headers.authorization).toBe(`Bearer ${canaryKey}`);
    // The download of the temporary URL carries no API key.
    expect(wire[5]!.headers.authorization).toBeUndefined();

    expect(rows.planned).toEqual({ status: 'pending', requestId: null });
    expect(rows.submitted).toEqual({ status: 'submitted', requestId });
    expect(result).toMatchObject({
      success: true,
      qualityMode: 'draft_i2v',
      model: 'grok-imagine-video-1.5',
      actualCostUsd: 0.48,
      sizeBytes: mp4.byteLength,
      sha256: createHash('sha256').update(mp4).digest('hex'),
      video: { requestId, temporaryUrl: videoUrl, persisted: true, durationSec: 6 },
      firstFrame: { source: 'generated', url: frameUrl, provider: 'xai', model: 'grok-imagine-image' },
    });
    expect(storage.read(`videos/${result.recordId}.mp4`)).toEqual(mp4);
    const row = await ledger.get(result.recordId);
    expect(row).toMatchObject({ status: 'succeeded', provider: 'xai', requestId, imageUrl: frameUrl, audit: { clipId: 'gate' } });
    expect(JSON.stringify(row)).not.toContain(canaryKey);
  });

  it('returns success: false when xAI blocks the output (respect_moderation: false)', async () => {
    server.use(
      http.post(`${apiBase}/videos/generations`, () => HttpResponse.json({ request_id: requestId })),
      http.get(`${apiBase}/videos/${requestId}`, () => HttpResponse.json({ status: 'done', video: { url: null, respect_moderation: false } })),
    );
    const time = createFakeTime();
    const ledger = new MemoryLedger({ clock: time.clock });
    const xai = createXai({ apiKey: canaryKey, sleep: time.sleep });
    const conductor = createVideoConductor({ provider: xai.video, urlPolicy: { lookup: publicTestLookup }, storage: new MemoryStorage(), ledger, clock: time.clock, sleep: time.sleep });
    const result = await conductor.generate({ prompt: 'something the filter dislikes' });
    expect(result).toMatchObject({ success: false, status: 'moderated', requestId, video: null });
    expect(await ledger.get(result.recordId)).toMatchObject({ status: 'moderated', requestId });
  });
});
