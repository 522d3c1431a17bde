import { InvalidRequestError, UnsupportedCapabilityError } from '@ring/video-conductor';
import { MockVideoModelV4 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { aiSdkDefaultCapabilities, decodeOperationRequestId, fromAiSdkVideoModel, toAiSdkResolution } from '@ring/video-conductor/ai-sdk';
import { createJobModel, rejectionOf, response } from './ai-sdk-test-helpers.js';

describe('fromAiSdkVideoModel construction', () => {
  it('bridges a model with doStart/doStatus: id from the model, default capabilities', () => {
    const { model } = createJobModel({ provider: 'fal.video' });
    const bridge = fromAiSdkVideoModel(model);
    expect(bridge).toMatchObject({ specificationVersion: 'v1', id: 'fal.video', capabilities: aiSdkDefaultCapabilities });
    expect(bridge.cancel).toBeUndefined();
    expect(fromAiSdkVideoModel(model, { id: 'fal', capabilities: { durations: { min: 5, max: 10 }, resolutions: ['720p'] } })).toMatchObject({
      id: 'fal',
      capabilities: { textToVideo: true, edit: false, durations: { min: 5, max: 10 }, resolutions: ['720p'] },
    });
  });

  it('refuses a model without doStart/doStatus with UnsupportedCapabilityError', () => {
    const syncOnly = new MockVideoModelV4({ provider: 'old.video', modelId: 'v1', doGenerate: async () => ({ videos: [], warnings: [], response: response() }) });
    let thrown: unknown;
    try {
      fromAiSdkVideoModel(syncOnly);
    } catch (error) {
      thrown = error;
    }
    expect(UnsupportedCapabilityError.isInstance(thrown)).toBe(true);
    expect(thrown).toMatchObject({ code: 'UNSUPPORTED_CAPABILITY', capability: 'doStart/doStatus', field: 'model' });
    expect((thrown as Error).message).toContain('"old.video/v1" has no doStart/doStatus');
  });

  it('refuses capabilities the AI SDK cannot honour: cancel, and edit/extend without a providerOptions function', () => {
    const { model } = createJobModel();
    expect(() => fromAiSdkVideoModel(model, { capabilities: { cancel: true } })).toThrow(/no cancel call/);
    expect(() => fromAiSdkVideoModel(model, { capabilities: { edit: true } })).toThrow(/capabilities.edit needs a providerOptions function/);
    expect(() => fromAiSdkVideoModel(model, { capabilities: { extend: true }, providerOptions: {} })).toThrow(UnsupportedCapabilityError);
    expect(() => fromAiSdkVideoModel(model, { capabilities: { edit: true }, providerOptions: () => ({}) })).not.toThrow();
  });
});

describe('submit → doStart', () => {
  it('maps prompt, duration, aspect ratio, resolution, abort signal and headers, adding an idempotency key', async () => {
    const { model, starts } = createJobModel({ modelId: 'grok-imagine-video' });
    const bridge = fromAiSdkVideoModel(model, { generateIdempotencyKey: () => 'vc_fixed' });
    const controller = new AbortController();
    const { requestId, warnings } = await bridge.submit(
      { operation: 'generate', model: 'grok-imagine-video', prompt: 'A fox in the snow', durationSec: 6, aspectRatio: '9:16', resolution: '480p' },
      { signal: controller.signal, headers: { 'x-trace': 't-1' } },
    );
    expect(warnings).toBeUndefined();
    expect(starts).toHaveLength(1);
    expect(starts[0]).toEqual({
      prompt: 'A fox in the snow',
      n: 1,
      aspectRatio: '9:16',
      resolution: '854x480',
      duration: 6,
      fps: undefined,
      seed: undefined,
      image: undefined,
      frameImages: undefined,
      inputReferences: undefined,
      generateAudio: undefined,
      providerOptions: {},
      abortSignal: controller.signal,
      headers: { 'x-trace': 't-1', 'idempotency-key': 'vc_fixed' },
    });
    expect(decodeOperationRequestId(requestId)).toEqual({ jobId: 'job-1' });
  });

  it('keeps a caller’s idempotency key and makes a fresh one per submit otherwise', async () => {
    const { model, starts } = createJobModel();
    const bridge = fromAiSdkVideoModel(model);
    await bridge.submit({ operation: 'generate', model: 'mock-video', prompt: 'a' }, { headers: { 'Idempotency-Key': 'mine' } });
    await bridge.submit({ operation: 'generate', model: 'mock-video', prompt: 'b' });
    await bridge.submit({ operation: 'generate', model: 'mock-video', prompt: 'c' });
    expect(starts[0]?.headers).toEqual({ 'Idempotency-Key': 'mine' });
    expect(starts[1]?.headers?.['idempotency-key']).toMatch(/^vc_[0-9a-f-]{36}$/);
    expect(starts[2]?.headers?.['idempotency-key']).not.toBe(starts[1]?.headers?.['idempotency-key']);
  });

  it('passes an https imageUrl as a URL file and a data: imageUrl as bytes, like the AI SDK normalises prompt images', async () => {
    const { model, starts } = createJobModel();
    const bridge = fromAiSdkVideoModel(model);
    await bridge.submit({ operation: 'generate', model: 'mock-video', prompt: 'p', imageUrl: 'https://cdn.example.com/fox.png' });
    await bridge.submit({ operation: 'generate', model: 'mock-video', prompt: 'p', imageUrl: 'data:image/jpeg;base64,/9j/4AAQ' });
    expect(starts[0]?.image).toEqual({ type: 'url', url: 'https://cdn.example.com/fox.png' });
    expect(starts[1]?.image).toEqual({ type: 'file', mediaType: 'image/jpeg', data: new Uint8Array(Buffer.from('/9j/4AAQ', 'base64')) });
    const error = await rejectionOf(bridge.submit({ operation: 'generate', model: 'mock-video', prompt: 'p', imageUrl: 'ftp://example.com/a.png' }));
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ field: 'imageUrl' });
    expect(starts).toHaveLength(2);
  });

  it('warns about what the AI SDK call options cannot carry instead of dropping it silently', async () => {
    const { model, starts } = createJobModel({ modelId: 'veo-3' });
    const bridge = fromAiSdkVideoModel(model, { capabilities: { resolutions: ['720p', 'hd'] } });
    const { warnings } = await bridge.submit({
      operation: 'generate',
      model: 'grok-imagine-video',
      prompt: 'p',
      aspectRatio: 'wide',
      resolution: 'hd',
      user: 'user-42',
      sourceVideoUrl: 'https://cdn.example.com/a.mp4',
    });
    expect(warnings).toEqual([
      { type: 'unsupported', field: 'model', detail: 'the bridge always uses the AI SDK model it wraps ("veo-3"), not "grok-imagine-video"' },
      { type: 'unsupported', field: 'sourceVideoUrl', detail: 'a generate job does not use a source video' },
      { type: 'unsupported', field: 'aspectRatio', detail: '"wide" is not in the AI SDK\'s {width}:{height} format' },
      { type: 'unsupported', field: 'resolution', detail: '"hd" has no {width}x{height} equivalent; the model\'s default is used' },
      { type: 'unsupported', field: 'user', detail: 'the AI SDK has no end-user field; pass it through a providerOptions function' },
    ]);
    expect(starts[0]).toMatchObject({ aspectRatio: undefined, resolution: undefined });
  });

  it('passes the model’s start warnings through as the port’s', async () => {
    const model = new MockVideoModelV4({
      doStart: async () => ({
        operation: 'op',
        warnings: [
          { type: 'unsupported', feature: 'fps', details: 'no custom FPS' },
          { type: 'compatibility', feature: 'image', details: 'resized' },
          { type: 'deprecated', setting: 'resolution', message: 'use providerOptions' },
          { type: 'other', message: 'queued behind others' },
        ],
        response: response(),
      }),
      doStatus: async () => ({ status: 'pending', response: response() }),
    });
    const { requestId, warnings } = await fromAiSdkVideoModel(model).submit({ operation: 'generate', model: 'mock-model-id', prompt: 'p' });
    expect(decodeOperationRequestId(requestId)).toBe('op');
    expect(warnings).toEqual([
      { type: 'unsupported', field: 'fps', detail: 'no custom FPS' },
      { type: 'other', message: 'image is used in a compatibility mode: resized' },
      { type: 'other', message: 'resolution is deprecated: use providerOptions' },
      { type: 'other', message: 'queued behind others' },
    ]);
  });

  it('a providerOptions function sees the job: edits reach the model in its own terms', async () => {
    const { model, starts } = createJobModel();
    const bridge = fromAiSdkVideoModel(model, {
      capabilities: { edit: true },
      providerOptions: (input) => (input.operation === 'edit' ? { xai: { mode: 'edit-video', videoUrl: input.sourceVideoUrl ?? '' } } : { xai: { user: input.user ?? '' } }),
    });
    const { warnings } = await bridge.submit({ operation: 'edit', model: 'mock-video', prompt: 'Make it night', sourceVideoUrl: 'https://cdn.example.com/a.mp4' });
    await bridge.submit({ operation: 'generate', model: 'mock-video', prompt: 'p', user: 'user-42' });
    expect(warnings).toBeUndefined();
    expect(starts.map((start) => start.providerOptions)).toEqual([{ xai: { mode: 'edit-video', videoUrl: 'https://cdn.example.com/a.mp4' } }, { xai: { user: 'user-42' } }]);
  });

  it('refuses operations the capabilities exclude before calling the model', async () => {
    const { model, starts } = createJobModel();
    const bridge = fromAiSdkVideoModel(model, { capabilities: { imageToVideo: false } });
    const edit = await rejectionOf(bridge.submit({ operation: 'edit', model: 'mock-video', prompt: 'p', sourceVideoUrl: 'https://x.test/a.mp4' }));
    const image = await rejectionOf(bridge.submit({ operation: 'generate', model: 'mock-video', prompt: 'p', imageUrl: 'https://x.test/a.png' }));
    expect(edit).toMatchObject({ code: 'UNSUPPORTED_CAPABILITY', capability: 'edit', field: 'operation' });
    expect(image).toMatchObject({ code: 'UNSUPPORTED_CAPABILITY', capability: 'imageToVideo', field: 'imageUrl' });
    expect(starts).toHaveLength(0);
  });

  it('an aborted signal rejects with its reason, and no job is started', async () => {
    const { model, starts } = createJobModel();
    const bridge = fromAiSdkVideoModel(model);
    const reason = new Error('stop');
    expect(await rejectionOf(bridge.submit({ operation: 'generate', model: 'mock-video', prompt: 'p' }, { signal: AbortSignal.abort(reason) }))).toBe(reason);
    expect(starts).toHaveLength(0);

    const controller = new AbortController();
    const slow = new MockVideoModelV4({
      doStart: ({ abortSignal }) =>
        new Promise((_resolve, reject) => abortSignal?.addEventListener('abort', () => reject(new DOMException('This operation was aborted', 'AbortError')))),
      doStatus: async () => ({ status: 'pending', response: response() }),
    });
    const pending = fromAiSdkVideoModel(slow).submit({ operation: 'generate', model: 'mock-model-id', prompt: 'p' }, { signal: controller.signal });
    const midway = new Error('midway');
    controller.abort(midway);
    expect(await rejectionOf(pending)).toBe(midway);
  });
});

describe('request ids', () => {
  it('a request id from one bridge is polled by a fresh bridge over the same model (another process)', async () => {
    const { model, statusCalls } = createJobModel();
    const { requestId } = await fromAiSdkVideoModel(model).submit({ operation: 'generate', model: 'mock-video', prompt: 'p' });
    const fresh = fromAiSdkVideoModel(model);
    expect(await fresh.getStatus(requestId)).toEqual({ state: 'pending' });
    expect(statusCalls).toEqual([{ jobId: 'job-1' }]);
  });

  it('rejects ids the bridge did not issue with InvalidRequestError INVALID_REQUEST_ID, without calling the model', async () => {
    const { model, statusCalls } = createJobModel();
    const bridge = fromAiSdkVideoModel(model);
    for (const bad of ['d97415a1-5796-b7ec-379f-4e6819e08fdf', 'aisdk1.!!!', `aisdk1.${Buffer.from('{not json').toString('base64url')}`]) {
      const error = await rejectionOf(bridge.getStatus(bad));
      expect(InvalidRequestError.isInstance(error), bad).toBe(true);
      expect(error).toMatchObject({ code: 'INVALID_REQUEST_ID', field: 'requestId', provider: 'mock.video' });
    }
    expect(await rejectionOf(bridge.getStatus(''))).toMatchObject({ code: 'INVALID_REQUEST', field: 'requestId' });
    expect(statusCalls).toEqual([]);
  });

  it('round-trips any JSON operation', async () => {
    const { encodeOperationRequestId } = await import('@ring/video-conductor/ai-sdk');
    for (const operation of ['https://api.replicate.com/v1/predictions/abc', { name: 'models/veo/operations/ü-1', nested: [1, null, true] }, 42, null]) {
      const requestId = encodeOperationRequestId(operation);
      expect(requestId).toMatch(/^aisdk1\.[A-Za-z0-9_-]+$/);
      expect(decodeOperationRequestId(requestId)).toEqual(operation);
    }
  });
});

describe('toAiSdkResolution', () => {
  it('maps tiers to 16:9 sizes and passes WxH through', () => {
    expect(['360p', '480p', '540p', '720p', '1080p', '1440p', '2160p', '4K', '1280x720', 'hd'].map(toAiSdkResolution)).toEqual([
      '640x360',
      '854x480',
      '960x540',
      '1280x720',
      '1920x1080',
      '2560x1440',
      '3840x2160',
      '3840x2160',
      '1280x720',
      undefined,
    ]);
  });

  it('can be replaced, e.g. to follow the aspect ratio', async () => {
    const { model, starts } = createJobModel();
    const bridge = fromAiSdkVideoModel(model, { mapResolution: (resolution, aspectRatio) => (resolution === '720p' && aspectRatio === '9:16' ? '720x1280' : undefined) });
    await bridge.submit({ operation: 'generate', model: 'mock-video', prompt: 'p', resolution: '720p', aspectRatio: '9:16' });
    expect(starts[0]?.resolution).toBe('720x1280');
  });
});
