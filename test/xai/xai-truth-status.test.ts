import { createVideoConductor, InvalidRequestError, ModerationError } from '@ring/video-conductor';
import { createFakeTime, createTestMp4, MemoryLedger, MemoryStorage, publicTestLookup } from '@ring/video-conductor/testing';
import { createXai, createXaiVideoProvider } from '@ring/video-conductor/xai';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { doneBody, imageModeration400Body, invalidArgument400Body, moderation400Body, submitBody } from './fixtures/published-bodies.js';
import { apiBase, canaryKey, rejectionOf, useXaiMockServer } from './xai-test-server.js';

const { server, seen } = useXaiMockServer();
const requestId = 'b1c2d3e4-truth-0001';
const videoUrl = `https://vidgen.x.ai/xai-vidgen-bucket/${requestId}/video.mp4`;
const mp4 = createTestMp4(50_000);

function setup() {
  const time = createFakeTime();
  const ledger = new MemoryLedger({ clock: time.clock });
  const xai = createXai({ apiKey: canaryKey, sleep: time.sleep });
  const conductor = createVideoConductor({ provider: xai.video, urlPolicy: { lookup: publicTestLookup }, imageProvider: xai.image, storage: new MemoryStorage(), ledger, clock: time.clock, sleep: time.sleep });
  return { ledger, conductor };
}

describe('xAI truth: moderation answered as a billed HTTP 400', () => {
  it('a status read answered 400-moderation → getStatus moderated with the billed cost', async () => {
    server.use(http.get(`${apiBase}/videos/${requestId}`, () => HttpResponse.json(moderation400Body, { status: 400 })));
    const status = await createXaiVideoProvider({ apiKey: canaryKey }).getStatus(requestId);
    expect(status).toEqual({ state: 'moderated', message: expect.stringContaining('rejected by content moderation'), usage: { costUsd: 0.25 } });
  });

  it('a job moderated by a 400 on the status read ends moderated, success false, billed cost in the row', async () => {
    server.use(
      http.post(`${apiBase}/videos/generations`, () => HttpResponse.json(submitBody(requestId))),
      http.get(`${apiBase}/videos/${requestId}`, () => HttpResponse.json(moderation400Body, { status: 400 })),
    );
    const { ledger, conductor } = setup();
    const result = await conductor.generate({ prompt: 'something the filter dislikes', qualityMode: 'production', durationSec: 5 });
    expect(result).toMatchObject({ success: false, status: 'moderated', requestId, actualCostUsd: 0.25, video: null });
    expect(await ledger.get(result.recordId)).toMatchObject({ status: 'moderated', actualCostUsd: 0.25, error: { code: 'MODERATED' } });
  });

  it('a submit answered 400-moderation rejects with ModerationError carrying the cost; the conductor records a moderated row', async () => {
    server.use(http.post(`${apiBase}/videos/generations`, () => HttpResponse.json(moderation400Body, { status: 400 })));
    const error = await rejectionOf(
      createXaiVideoProvider({ apiKey: canaryKey }).submit({ operation: 'generate', model: 'grok-imagine-video', prompt: 'x' }),
    );
    expect(ModerationError.isInstance(error)).toBe(true);
    expect((error as ModerationError).costUsd).toBe(0.25);

    const { ledger, conductor } = setup();
    const result = await conductor.generate({ prompt: 'blocked at submit' });
    expect(result).toMatchObject({ success: false, status: 'moderated', requestId: null, actualCostUsd: 0.25 });
    expect(await ledger.get(result.recordId)).toMatchObject({ status: 'moderated', actualCostUsd: 0.25, error: { step: 'submit' } });
  });

  it('a first frame blocked by a 400-moderation ends the job moderated with the image cost, and no video submit', async () => {
    server.use(http.post(`${apiBase}/images/generations`, () => HttpResponse.json(imageModeration400Body, { status: 400 })));
    const { ledger, conductor } = setup();
    const result = await conductor.generate({ prompt: 'the gate opens', firstFramePrompt: 'a blocked frame' });
    expect(result).toMatchObject({ success: false, status: 'moderated', actualCostUsd: 0.02 });
    expect(await ledger.get(result.recordId)).toMatchObject({ status: 'moderated', actualCostUsd: 0.02, error: { step: 'first-frame' } });
    expect((await seen()).map((request) => request.path)).toEqual(['/v1/images/generations']);
  });

  it('a 400 that is not moderation stays an InvalidRequestError', async () => {
    server.use(http.post(`${apiBase}/videos/generations`, () => HttpResponse.json(invalidArgument400Body, { status: 400 })));
    const error = await rejectionOf(
      createXaiVideoProvider({ apiKey: canaryKey }).submit({ operation: 'generate', model: 'grok-imagine-video', prompt: 'x' }),
    );
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect(ModerationError.isInstance(error)).toBe(false);
  });
});

describe('xAI truth: status tolerance as in the AI SDK', () => {
  const provider = () => createXaiVideoProvider({ apiKey: canaryKey });

  it('any 202 is pending whatever its body (even one saying done, or not JSON)', async () => {
    server.use(http.get(`${apiBase}/videos/${requestId}`, () => HttpResponse.json({ status: 'done', progress: 12 }, { status: 202 })));
    expect(await provider().getStatus(requestId)).toEqual({ state: 'pending', progress: 12 });
    server.use(http.get(`${apiBase}/videos/${requestId}`, () => new HttpResponse('accepted', { status: 202 })));
    expect(await provider().getStatus(requestId)).toEqual({ state: 'pending' });
  });

  it('a 200 without status but with video.url is done', async () => {
    server.use(http.get(`${apiBase}/videos/${requestId}`, () => HttpResponse.json({ video: { url: videoUrl, duration: 6 }, usage: { cost_in_usd_ticks: 3_000_000_000 } })));
    expect(await provider().getStatus(requestId)).toEqual({ state: 'done', video: { url: videoUrl, durationSec: 6 }, usage: { costUsd: 0.3 } });
  });

  it('a failed status redacts the API key from error.code as from the message', async () => {
    server.use(
      http.get(`${apiBase}/videos/${requestId}`, () =>
        HttpResponse.json({ status: 'failed', error: { code: `bad_key_${canaryKey}`, message: `key ${canaryKey} refused` } }),
      ),
    );
    const status = await provider().getStatus(requestId);
    expect(JSON.stringify(status)).not.toContain(canaryKey);
    expect(status).toMatchObject({ state: 'failed', code: 'bad_key_[REDACTED]' });
  });
});

describe('xAI truth: provider warnings reach the result and the row, once each', () => {
  it('an unknown status warning repeated on every poll appears once; done with usage is recorded', async () => {
    let polls = 0;
    server.use(
      http.post(`${apiBase}/videos/generations`, () => HttpResponse.json(submitBody(requestId))),
      http.get(`${apiBase}/videos/${requestId}`, () => {
        polls += 1;
        if (polls <= 3) return HttpResponse.json({ status: 'queued_for_render' });
        return HttpResponse.json(doneBody(videoUrl, { durationSec: 8, ticks: 4_000_000_000 }));
      }),
      http.get(videoUrl, () => new HttpResponse(mp4, { headers: { 'content-type': 'video/mp4' } })),
    );
    const { ledger, conductor } = setup();
    const result = await conductor.generate({ prompt: 'a quiet harbour at night' });
    const unknown = (warning: { type: string; message?: string }) => warning.type === 'other' && warning.message?.includes('queued_for_render');
    expect(result.warnings.filter(unknown)).toHaveLength(1);
    const row = await ledger.get(result.recordId);
    expect(row!.status).toBe('succeeded');
    expect(JSON.stringify(row!.conductor).match(/queued_for_render/g)).toHaveLength(1);
  });
});
