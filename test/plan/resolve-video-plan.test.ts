import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  getDefaultVideoPresets,
  InvalidRequestError,
  resolveVideoPlan,
  UnsupportedCapabilityError,
  type GenerateVideoRequest,
  type VideoPresets,
  type VideoProviderCapabilities,
} from '@ring/video-conductor';

const presets = getDefaultVideoPresets();

describe('resolveVideoPlan rules', () => {
  it('defaults to draft, 8 s, 16:9, text-to-video at 480p', () => {
    expect(resolveVideoPlan({ prompt: 'A fox' })).toEqual({
      provider: 'xai',
      requestedQualityMode: 'draft',
      qualityMode: 'draft',
      model: 'grok-imagine-video',
      resolution: '480p',
      operation: 'generate',
      prompt: 'A fox',
      durationSec: 8,
      aspectRatio: '16:9',
      image: { source: 'none' },
      estimatedCostUsd: 0.4,
      cost: { usdPerSecond: 0.05, videoUsd: 0.4, firstFrameUsd: 0, inputUsd: 0 },
      upgrades: [],
      warnings: [],
    });
  });

  it.each([
    ['draft', { imageUrl: 'https://i.test/a.png' }, 'draft_i2v', 'image-url'],
    ['draft', { firstFramePrompt: 'a frame' }, 'draft_i2v', 'first-frame-prompt'],
    ['production', { imageUrl: 'https://i.test/a.png' }, 'production_i2v', 'image-url'],
    ['production', { firstFramePrompt: 'a frame' }, 'production_i2v', 'first-frame-prompt'],
  ] as const)('%s with %o upgrades to %s', (qualityMode, extra, expected, source) => {
    const plan = resolveVideoPlan({ prompt: 'p', qualityMode, ...extra });
    expect(plan.qualityMode).toBe(expected);
    expect(plan.image.source).toBe(source);
    expect(plan.upgrades).toEqual([expect.objectContaining({ from: qualityMode, to: expected, reason: 'image' })]);
  });

  it('keeps an explicit image mode when an image is given', () => {
    const plan = resolveVideoPlan({ prompt: 'p', qualityMode: 'production_i2v', imageUrl: 'https://i.test/a.png' });
    expect(plan).toMatchObject({ qualityMode: 'production_i2v', upgrades: [] });
  });

  it('remaster: true moves draft to production (720p) and draft_i2v to production_i2v', () => {
    expect(resolveVideoPlan({ prompt: 'p', remaster: true })).toMatchObject({ qualityMode: 'production', resolution: '720p' });
    expect(resolveVideoPlan({ prompt: 'p', remaster: true, imageUrl: 'https://i.test/a.png' })).toMatchObject({
      qualityMode: 'production_i2v',
      resolution: '720p',
      upgrades: [
        { from: 'draft', to: 'production', reason: 'remaster' },
        { from: 'production', to: 'production_i2v', reason: 'image' },
      ],
    });
    expect(resolveVideoPlan({ prompt: 'p', remaster: true, qualityMode: 'production' }).upgrades).toEqual([]);
  });

  it('sourceVideoUrl makes an edit (or an extension) and warns about fields it ignores', () => {
    const edit = resolveVideoPlan({ prompt: 'p', sourceVideoUrl: 'https://v.test/a.mp4', aspectRatio: '9:16' });
    expect(edit).toMatchObject({ operation: 'edit', sourceVideoUrl: 'https://v.test/a.mp4', image: { source: 'none' } });
    expect(edit.warnings).toEqual([{ type: 'unsupported', field: 'aspectRatio', detail: 'edit: the aspect ratio follows the source video' }]);
    const extend = resolveVideoPlan({ prompt: 'p', sourceVideoUrl: 'https://v.test/a.mp4', operation: 'extend' });
    expect(extend).toMatchObject({ operation: 'extend', warnings: [] });
  });

  it('adds the first frame to the estimate', () => {
    const plan = resolveVideoPlan({ prompt: 'p', firstFramePrompt: 'f', durationSec: 10, qualityMode: 'production' });
    // 10 s × 0.14 + first frame 0.02 + the frame billed as an input image of grok-imagine-video-1.5 (0.01)
    expect(plan).toMatchObject({ estimatedCostUsd: 1.43, cost: { usdPerSecond: 0.14, videoUsd: 1.4, firstFrameUsd: 0.02, inputUsd: 0.01 }, image: { source: 'first-frame-prompt', prompt: 'f', model: 'grok-imagine-image' } });
  });

  it('checks provider capabilities when given', () => {
    const capabilities: VideoProviderCapabilities = {
      textToVideo: true, imageToVideo: true, edit: false, extend: false, cancel: false,
      durations: { min: 2, max: 6 }, resolutions: ['480p'], aspectRatios: ['16:9'],
    };
    const unsupported = (request: GenerateVideoRequest) => {
      try {
        resolveVideoPlan(request, presets, { capabilities, providerId: 'tiny' });
      } catch (error) {
        return error;
      }
      throw new Error('expected a rejection');
    };
    expect(unsupported({ prompt: 'p', sourceVideoUrl: 'https://v.test/a.mp4' })).toMatchObject({ code: 'UNSUPPORTED_CAPABILITY', field: 'sourceVideoUrl', capability: 'edit' });
    expect(UnsupportedCapabilityError.isInstance(unsupported({ prompt: 'p', qualityMode: 'production' }))).toBe(true);
    expect(unsupported({ prompt: 'p', durationSec: 8 })).toMatchObject({ field: 'durationSec', message: expect.stringContaining('from 2 to 6') });
    expect(unsupported({ prompt: 'p', durationSec: 4, aspectRatio: '9:16' })).toMatchObject({ field: 'aspectRatio', message: expect.stringContaining('allowed: 16:9') });
  });

  it('accepts presets of another provider', () => {
    const custom: VideoPresets = {
      version: 1,
      provider: 'acme',
      defaultQualityMode: 'fast',
      defaultDurationSec: 4,
      defaultAspectRatio: '1:1',
      firstFrame: { model: 'acme-image', usdPerImage: 0.01 },
      qualityModes: {
        fast: { model: 'acme-fast', resolution: '540p', usdPerSecond: 0.02, requiresImage: false, withImage: 'fast_image' },
        fast_image: { model: 'acme-fast-i2v', resolution: '540p', usdPerSecond: 0.03, requiresImage: true },
      },
    };
    expect(resolveVideoPlan({ prompt: 'p', firstFramePrompt: 'f' }, custom)).toMatchObject({
      // No ratio asked and an image starts the video: none is sent (aspectRatio null).
      provider: 'acme', qualityMode: 'fast_image', model: 'acme-fast-i2v', durationSec: 4, aspectRatio: null, estimatedCostUsd: 0.13,
    });
  });

  it('is pure: the request and the presets are not modified', () => {
    const request = { prompt: 'p', imageUrl: 'https://i.test/a.png', remaster: true };
    const copy = structuredClone(request);
    resolveVideoPlan(request);
    expect(request).toEqual(copy);
    expect(Object.isFrozen(presets.qualityModes.draft)).toBe(true);
  });
});

const modeArbitrary = fc.constantFrom(...Object.keys(presets.qualityModes));
const requestArbitrary = fc.record(
  {
    prompt: fc.string({ minLength: 1, maxLength: 40 }).filter((text) => text.trim().length > 0),
    qualityMode: modeArbitrary,
    durationSec: fc.integer({ min: 1, max: 15 }),
    aspectRatio: fc.constantFrom('16:9', '9:16', '1:1', '4:3', '3:4', '3:2', '2:3'),
    remaster: fc.boolean(),
    image: fc.constantFrom<'none' | 'url' | 'prompt'>('none', 'url', 'prompt'),
  },
  { requiredKeys: ['prompt', 'image'] },
).map(({ image, ...rest }): GenerateVideoRequest => ({
  ...rest,
  ...(image === 'url' ? { imageUrl: 'https://images.test/frame.png' } : {}),
  ...(image === 'prompt' ? { firstFramePrompt: 'a first frame' } : {}),
}));

/** Resolves, or returns the InvalidRequestError it threw. */
function tryResolve(request: GenerateVideoRequest) {
  try {
    return resolveVideoPlan(request);
  } catch (error) {
    if (InvalidRequestError.isInstance(error)) return error;
    throw error;
  }
}

describe('resolveVideoPlan properties', () => {
  it('plan cost = duration × rate (+ first frame, + input image), to the micro-dollar', () => {
    fc.assert(
      fc.property(requestArbitrary, (request) => {
        const plan = tryResolve(request);
        if (InvalidRequestError.isInstance(plan)) return;
        const rate = presets.qualityModes[plan.qualityMode]!.usdPerSecond;
        const image = request.firstFramePrompt === undefined ? 0 : presets.firstFrame.usdPerImage;
        const input = plan.image.source === 'none' ? 0 : (presets.qualityModes[plan.qualityMode]!.usdPerInputImage ?? 0);
        expect(plan.estimatedCostUsd).toBeCloseTo(plan.durationSec * rate + image + input, 6);
        expect(plan.cost.videoUsd + plan.cost.firstFrameUsd + plan.cost.inputUsd).toBeCloseTo(plan.estimatedCostUsd, 6);
      }),
      { numRuns: 500 },
    );
  });

  it('a mode that needs an image always has an image source; without one the request is rejected on qualityMode', () => {
    fc.assert(
      fc.property(requestArbitrary, (request) => {
        const plan = tryResolve(request);
        if (InvalidRequestError.isInstance(plan)) {
          expect(plan.field).toBe('qualityMode');
          expect(request.imageUrl ?? request.firstFramePrompt).toBeUndefined();
          return;
        }
        if (presets.qualityModes[plan.qualityMode]!.requiresImage) expect(plan.image.source).not.toBe('none');
        if (plan.image.source !== 'none') expect(presets.qualityModes[plan.qualityMode]!.requiresImage).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('re-resolving with the effective mode gives the same plan (idempotent)', () => {
    fc.assert(
      fc.property(requestArbitrary, (request) => {
        const plan = tryResolve(request);
        if (InvalidRequestError.isInstance(plan)) return;
        const again = resolveVideoPlan({ ...request, qualityMode: plan.qualityMode });
        expect({ ...again, requestedQualityMode: plan.requestedQualityMode, upgrades: plan.upgrades }).toEqual(plan);
        expect(again.upgrades).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('remaster never lowers the resolution', () => {
    fc.assert(
      fc.property(requestArbitrary, (request) => {
        const plain = tryResolve({ ...request, remaster: false });
        const remastered = tryResolve({ ...request, remaster: true });
        if (InvalidRequestError.isInstance(plain) || InvalidRequestError.isInstance(remastered)) return;
        expect(Number.parseInt(remastered.resolution)).toBeGreaterThanOrEqual(Number.parseInt(plain.resolution));
      }),
      { numRuns: 300 },
    );
  });
});
