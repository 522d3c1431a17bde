import { createVideoConductor, InvalidRequestError, UnsupportedCapabilityError, type VideoPresets } from '@ring/video-conductor';
import { createFakeTime, createTestMp4, MemoryLedger, MemoryStorage , publicTestLookup } from '@ring/video-conductor/testing';
import { createXai } from '@ring/video-conductor/xai';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { doneBody, submitBody } from './fixtures/published-bodies.js';
import { apiBase, canaryKey, rejectionOf, useXaiMockServer } from './xai-test-server.js';

const { server, seen } = useXaiMockServer();
const requestId = 'c0ffee00-truth-0002';
const videoUrl = `https://vidgen.x.ai/xai-vidgen-bucket/${requestId}/video.mp4`;
const sourceUrl = 'https://media.example.com/source.mp4';
const mp4 = createTestMp4(40_000);

/** Answers a submit on `path`, then done with `ticks` billed, then serves the MP4. */
function answerJob(path: '/videos/generations' | '/videos/edits' | '/videos/extensions', options: { durationSec?: number; ticks?: number } = {}) {
  server.use(
    http.post(`${apiBase}${path}`, () => HttpResponse.json(submitBody(requestId))),
    http.get(`${apiBase}/videos/${requestId}`, () =>
      HttpResponse.json(doneBody(videoUrl, { durationSec: options.durationSec ?? 8, ticks: options.ticks ?? 4_000_000_000 })),
    ),
    http.get(videoUrl, () => new HttpResponse(mp4, { headers: { 'content-type': 'video/mp4' } })),
  );
}

function setup(presets?: VideoPresets) {
  const time = createFakeTime();
  const ledger = new MemoryLedger({ clock: time.clock });
  const xai = createXai({ apiKey: canaryKey, sleep: time.sleep });
  const conductor = createVideoConductor({
    provider: xai.video,
    urlPolicy: { lookup: publicTestLookup },
    imageProvider: xai.image,
    storage: new MemoryStorage(),
    ledger,
    clock: time.clock,
    sleep: time.sleep,
    ...(presets === undefined ? {} : { presets }),
  });
  return { ledger, conductor };
}

async function submittedBody(): Promise<Record<string, unknown>> {
  const submit = (await seen()).find((request) => request.method === 'POST');
  return JSON.parse(submit!.body) as Record<string, unknown>;
}

/** Refused before any spend: a typed error, no request on the wire, no ledger row. */
async function expectRefused(conductor: ReturnType<typeof setup>['conductor'], ledger: MemoryLedger, request: Parameters<typeof conductor.generate>[0]) {
  const error = await rejectionOf(conductor.generate(request));
  expect(InvalidRequestError.isInstance(error)).toBe(true);
  expect(await seen()).toEqual([]);
  expect((await ledger.list({})).records).toEqual([]);
  return error as InvalidRequestError;
}

describe('xAI truth: published prices', () => {
  it('a production 5 s job billed at the published 720p price (0.07/s) is estimated within one cent, with no cost_drift', async () => {
    answerJob('/videos/generations', { durationSec: 5, ticks: 3_500_000_000 });
    const { ledger, conductor } = setup();
    const result = await conductor.generate({ prompt: 'A tram crosses a bridge at dusk', qualityMode: 'production', durationSec: 5 });
    expect(result.actualCostUsd).toBe(0.35);
    expect(Math.abs(result.estimatedCostUsd - result.actualCostUsd!)).toBeLessThan(0.01);
    expect(result.warnings.filter((warning) => warning.type === 'cost_drift')).toEqual([]);
    expect(await ledger.get(result.recordId)).toMatchObject({ estimatedCostUsd: 0.35, actualCostUsd: 0.35 });
  });

  it('a billed cost more than 10 % off the estimate gives a cost_drift warning in the result and the row', async () => {
    answerJob('/videos/generations', { durationSec: 5, ticks: 5_000_000_000 });
    const { ledger, conductor } = setup();
    const result = await conductor.generate({ prompt: 'A tram crosses a bridge at dusk', qualityMode: 'production', durationSec: 5 });
    const drift = { type: 'cost_drift', estimatedCostUsd: 0.35, actualCostUsd: 0.5, message: expect.stringContaining('43 % more') };
    expect(result.warnings).toContainEqual(drift);
    const row = await ledger.get(result.recordId);
    expect(JSON.stringify(row!.conductor)).toContain('"cost_drift"');
  });

  it('the estimate adds the input surcharges whose size is known (input image, seconds of input video)', () => {
    const { conductor } = setup();
    // grok-imagine-video-1.5 at 480p: 5 s × 0.08 + one input image × 0.01
    expect(conductor.estimate({ prompt: 'p', imageUrl: 'https://images.example.com/a.png', durationSec: 5 })).toMatchObject({ estimatedCostUsd: 0.41, cost: { inputUsd: 0.01 } });
    // extension of a 6 s source by 4 s at draft: 4 × 0.05 + 6 s of input video × 0.01
    expect(conductor.estimate({ prompt: 'p', sourceVideoUrl: sourceUrl, operation: 'extend', durationSec: 4, sourceVideoDurationSec: 6 })).toMatchObject({
      estimatedCostUsd: 0.26,
      cost: { videoUsd: 0.2, inputUsd: 0.06 },
    });
  });
});

describe('xAI truth: extensions and edits', () => {
  it('an extension of 4 s sends duration: 4 (the added segment), no user, and is estimated from the added seconds', async () => {
    answerJob('/videos/extensions', { durationSec: 10, ticks: 2_000_000_000 });
    const { conductor } = setup();
    const result = await conductor.generate({ prompt: 'the camera keeps rising', sourceVideoUrl: sourceUrl, operation: 'extend', durationSec: 4, user: 'end-user-7' });
    expect(await submittedBody()).toEqual({ model: 'grok-imagine-video', prompt: 'the camera keeps rising', video: { url: sourceUrl }, duration: 4 });
    expect(result).toMatchObject({ success: true, operation: 'extend', estimatedCostUsd: 0.2 });
    expect(result.warnings).toContainEqual(expect.objectContaining({ type: 'unsupported', field: 'user' }));
  });

  it('an extension without a duration sends xAI’s default of 6 s', async () => {
    answerJob('/videos/extensions');
    const { conductor } = setup();
    await conductor.generate({ prompt: 'more', sourceVideoUrl: sourceUrl, operation: 'extend' });
    expect(await submittedBody()).toMatchObject({ duration: 6 });
  });

  it('an extension of 12 s (or 1 s) is refused with zero provider calls and no row', async () => {
    const { ledger, conductor } = setup();
    const error = await expectRefused(conductor, ledger, { prompt: 'more', sourceVideoUrl: sourceUrl, operation: 'extend', durationSec: 12 });
    expect(error).toMatchObject({ field: 'durationSec', message: expect.stringContaining('from 2 to 10') });
    await expectRefused(conductor, ledger, { prompt: 'more', sourceVideoUrl: sourceUrl, operation: 'extend', durationSec: 1 });
  });

  it('a source outside 2–15 s for an extension, or over 8.7 s for an edit, is refused before any spend', async () => {
    const { ledger, conductor } = setup();
    expect(await expectRefused(conductor, ledger, { prompt: 'p', sourceVideoUrl: sourceUrl, operation: 'extend', sourceVideoDurationSec: 20 })).toMatchObject({ field: 'sourceVideoDurationSec' });
    expect(await expectRefused(conductor, ledger, { prompt: 'p', sourceVideoUrl: sourceUrl, sourceVideoDurationSec: 9 })).toMatchObject({ field: 'sourceVideoDurationSec' });
  });

  it('an edit sends no duration, and is estimated from its source length when known', async () => {
    answerJob('/videos/edits', { durationSec: 6, ticks: 3_600_000_000 });
    const { conductor } = setup();
    const result = await conductor.generate({ prompt: 'make it snow', sourceVideoUrl: sourceUrl, sourceVideoDurationSec: 6, qualityMode: 'production' });
    expect(await submittedBody()).toEqual({ model: 'grok-imagine-video', prompt: 'make it snow', video: { url: sourceUrl } });
    // 6 s × 0.07 + 6 s of input video × 0.01
    expect(result.estimatedCostUsd).toBe(0.48);
  });
});

describe('xAI truth: image-to-video aspect ratio', () => {
  it('an image-to-video request without a ratio sends no aspect_ratio and records the ratio as unknown', async () => {
    answerJob('/videos/generations');
    const { ledger, conductor } = setup();
    const result = await conductor.generate({ prompt: 'the fox runs', imageUrl: 'https://images.example.com/fox.png', durationSec: 5 });
    const body = await submittedBody();
    expect(body).not.toHaveProperty('aspect_ratio');
    expect(body).toMatchObject({ image: { url: 'https://images.example.com/fox.png' } });
    expect(await ledger.get(result.recordId)).toMatchObject({ aspectRatio: null });
    expect(result).toMatchObject({ video: { aspectRatio: null } });
  });

  it('an explicit ratio is still sent with an image', async () => {
    answerJob('/videos/generations');
    const { conductor } = setup();
    await conductor.generate({ prompt: 'the fox runs', imageUrl: 'https://images.example.com/fox.png', aspectRatio: '9:16' });
    expect(await submittedBody()).toMatchObject({ aspect_ratio: '9:16' });
  });

  it('text-to-video keeps the default 16:9', async () => {
    answerJob('/videos/generations');
    const { conductor } = setup();
    await conductor.generate({ prompt: 'a harbour' });
    expect(await submittedBody()).toMatchObject({ aspect_ratio: '16:9' });
  });
});

describe('xAI truth: capabilities the API has', () => {
  it('1080p: the production_i2v_1080p mode sends resolution 1080p with grok-imagine-video-1.5, priced', async () => {
    answerJob('/videos/generations');
    const { conductor } = setup();
    const result = await conductor.generate({ prompt: 'p', imageUrl: 'https://images.example.com/a.png', qualityMode: 'production_i2v_1080p', durationSec: 4 });
    expect(await submittedBody()).toMatchObject({ model: 'grok-imagine-video-1.5', resolution: '1080p' });
    expect(result.estimatedCostUsd).toBe(1.01); // 4 × 0.25 + input image 0.01
  });

  it('1080p on grok-imagine-video is refused before any spend', async () => {
    const base = setup().conductor.presets;
    const presets: VideoPresets = {
      ...base,
      qualityModes: { ...base.qualityModes, draft: { ...base.qualityModes.draft!, resolution: '1080p' } },
    };
    const { ledger, conductor } = setup(presets);
    const error = await expectRefused(conductor, ledger, { prompt: 'p' });
    expect(UnsupportedCapabilityError.isInstance(error)).toBe(true);
    expect(error.message).toContain('grok-imagine-video');
  });

  it('reference-to-video sends reference_images [{ url }] and estimates each image', async () => {
    answerJob('/videos/generations');
    const { conductor } = setup();
    const references = ['https://images.example.com/r1.png', 'https://images.example.com/r2.png', 'https://images.example.com/r3.png'];
    const result = await conductor.generate({ prompt: 'the three meet', referenceImageUrls: references, durationSec: 6 });
    expect(await submittedBody()).toMatchObject({ reference_images: references.map((url) => ({ url })), aspect_ratio: '16:9' });
    expect(result.estimatedCostUsd).toBe(0.306); // 6 × 0.05 + 3 × 0.002
  });

  it('reference-to-video: 8 images, 12 s or 1080p are refused before any spend', async () => {
    const { ledger, conductor } = setup();
    const url = (index: number) => `https://images.example.com/r${index}.png`;
    expect(await expectRefused(conductor, ledger, { prompt: 'p', referenceImageUrls: Array.from({ length: 8 }, (_, index) => url(index)) })).toMatchObject({ field: 'referenceImageUrls' });
    expect(await expectRefused(conductor, ledger, { prompt: 'p', referenceImageUrls: [url(1)], durationSec: 12 })).toMatchObject({ field: 'durationSec' });
    expect(await expectRefused(conductor, ledger, { prompt: 'p', referenceImageUrls: [url(1)], imageUrl: url(2) })).toMatchObject({ field: 'referenceImageUrls' });
  });

  it('audio off sends generate_audio: false', async () => {
    answerJob('/videos/generations');
    const { conductor } = setup();
    await conductor.generate({ prompt: 'silent snow', generateAudio: false });
    expect(await submittedBody()).toMatchObject({ generate_audio: false });
  });

  it('last frame: sent as last_frame { url } with grok-imagine-video-1.5, refused with grok-imagine-video', async () => {
    answerJob('/videos/generations');
    const { ledger, conductor } = setup();
    await conductor.generate({ prompt: 'p', imageUrl: 'https://images.example.com/a.png', lastFrameUrl: 'https://images.example.com/z.png' });
    expect(await submittedBody()).toMatchObject({ model: 'grok-imagine-video-1.5', last_frame: { url: 'https://images.example.com/z.png' } });

    const fresh = setup();
    server.resetHandlers();
    const before = (await seen()).length;
    const error = await rejectionOf(fresh.conductor.generate({ prompt: 'p', lastFrameUrl: 'https://images.example.com/z.png' }));
    expect(UnsupportedCapabilityError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ field: 'lastFrameUrl' });
    expect((await seen()).length).toBe(before);
    expect((await fresh.ledger.list({})).records).toEqual([]);
    expect((await ledger.list({})).records).toHaveLength(1);
  });
});
