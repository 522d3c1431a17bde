import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createReplicate } from '@ai-sdk/replicate';
import { createVideoConductor } from '@ring/video-conductor';
import { createFakeTime, createTestMp4, MemoryLedger, MemoryStorage, publicTestLookup } from '@ring/video-conductor/testing';
import { describe, expect, it } from 'vitest';
import { fromAiSdkVideoModel, googleVeoPresets } from '@ring/video-conductor/ai-sdk';
import { googleApiKey, googleVeoHandlers, veoModel, type VeoStep } from './fixtures/google-veo.js';
import { replicateHandlers, replicateModel, replicateToken, type PredictionStep } from './fixtures/replicate-predictions.js';
import { useMswWire } from '../support/msw-wire.js';

const { server, wire } = useMswWire();
const mp4 = createTestMp4(50_000);

function veo(steps: VeoStep[]) {
  server.use(...googleVeoHandlers(() => steps, mp4).handlers);
  const time = createFakeTime();
  const ledger = new MemoryLedger({ clock: time.clock });
  const storage = new MemoryStorage();
  const provider = fromAiSdkVideoModel(createGoogleGenerativeAI({ apiKey: googleApiKey }).video(veoModel), {
    sleep: time.sleep,
    capabilities: { durations: { min: 4, max: 8 }, resolutions: ['480p', '720p', '1080p'] },
  });
  const conductor = createVideoConductor({ provider, presets: googleVeoPresets, storage, ledger, clock: time.clock, sleep: time.sleep, urlPolicy: { lookup: publicTestLookup } });
  return { provider, conductor, ledger, storage };
}

function replicate(steps: PredictionStep[]) {
  server.use(...replicateHandlers(() => steps, mp4).handlers);
  const time = createFakeTime();
  return fromAiSdkVideoModel(createReplicate({ apiToken: replicateToken }).video(replicateModel), { sleep: time.sleep });
}

describe('Google Veo through the real @ai-sdk/google (msw)', () => {
  it('names the real model and Veo’s price in the row, sends 720p as Veo’s tier and no idempotency-key', async () => {
    const { conductor, ledger } = veo(['running', 'done']);
    const result = await conductor.generate({ prompt: 'A heron takes off' });
    expect(result).toMatchObject({ success: true, model: veoModel, provider: 'google.generative-ai', actualCostUsd: null });
    const row = await ledger.get(result.recordId);
    expect(row).toMatchObject({ model: veoModel, resolution: '720p', durationSec: 8, estimatedCostUsd: 0.8 });
    const [submit] = await wire();
    expect(JSON.parse(submit!.body)).toEqual({ instances: [{ prompt: 'A heron takes off' }], parameters: { sampleCount: 1, aspectRatio: '16:9', resolution: '720p', durationSeconds: 8 } });
    expect(submit!.headers['idempotency-key']).toBeUndefined();
  });

  it('a resolution Veo has no tier for is left out with a warning, never sent as 854x480', async () => {
    const { provider } = veo(['done']);
    const submitted = await provider.submit({ operation: 'generate', model: veoModel, prompt: 'p', durationSec: 8, resolution: '480p' });
    expect(submitted.warnings).toEqual([expect.objectContaining({ type: 'unsupported', field: 'resolution' })]);
    const [submit] = await wire();
    expect(JSON.parse(submit!.body).parameters).not.toHaveProperty('resolution');
  });

  it('a done operation without samples (Veo’s RAI filter) ends moderated after a confirming read, nothing stored', async () => {
    const { conductor, ledger, storage } = veo(['running', 'filtered']);
    const result = await conductor.generate({ prompt: 'flagged' });
    expect(result).toMatchObject({ success: false, status: 'moderated' });
    expect(await ledger.get(result.recordId)).toMatchObject({ status: 'moderated', error: { message: expect.stringContaining('Responsible-AI') } });
    expect(storage.read(`videos/${result.recordId}.mp4`)).toBeNull();
    expect((await wire()).filter((request) => request.method === 'GET' && request.path.includes('/operations/'))).toHaveLength(3);
  });

  it('a 503 on the operation read is retried; an operation error seen once and then not again does not end the job', async () => {
    const error = { error: { code: 13, message: 'Internal error encountered.', status: 'INTERNAL' } } as const;
    const { conductor } = veo(['running', { http: 503, body: { error: { code: 503, message: 'The service is currently unavailable.', status: 'UNAVAILABLE' } } }, error, 'running', 'done']);
    const result = await conductor.generate({ prompt: 'A heron lands' });
    expect(result).toMatchObject({ success: true });
    expect((await wire()).filter((request) => request.method === 'POST')).toHaveLength(1);
  });
});

describe('Replicate through the real @ai-sdk/replicate (msw)', () => {
  it('a failed prediction is confirmed by a second read before it is reported; canceled is final at once', async () => {
    const failing = replicate(['starting', { failed: 'CUDA out of memory' }]);
    const { requestId } = await failing.submit({ operation: 'generate', model: replicateModel, prompt: 'p' });
    expect(await failing.getStatus(requestId)).toEqual({ state: 'pending' });
    expect(await failing.getStatus(requestId)).toMatchObject({ state: 'failed', code: 'generation_failed', message: 'Video generation failed: CUDA out of memory' });
    const [submit, ...reads] = await wire();
    expect(submit!.headers['idempotency-key']).toBeUndefined();
    expect(reads).toHaveLength(3);

    server.resetHandlers();
    const canceled = replicate(['canceled']);
    const second = await canceled.submit({ operation: 'generate', model: replicateModel, prompt: 'p' });
    expect(await canceled.getStatus(second.requestId)).toMatchObject({ state: 'failed', code: 'canceled', retryable: false });
  });

  it('an NSFW refusal in the prediction error is moderated', async () => {
    const provider = replicate([{ failed: 'NSFW content detected. Try running it again, or try a different prompt.' }]);
    const { requestId } = await provider.submit({ operation: 'generate', model: replicateModel, prompt: 'p' });
    expect(await provider.getStatus(requestId)).toMatchObject({ state: 'moderated' });
  });
});
