import { createVideoConductor, getDefaultVideoPresets, MemoryLedger } from '@ring/video-conductor';
import { createXai } from '@ring/video-conductor/xai';
import { describe, expect, it } from 'vitest';
import { createVideoToolInputSchema, toGenerateVideoRequest } from '../../adapters/mcp/video-tool-input.js';

describe('ring-video-create input: the capabilities xAI has', () => {
  const schema = createVideoToolInputSchema(getDefaultVideoPresets());
  // Estimating spends nothing and makes no call: the keyless xAI provider is enough.
  const conductor = createVideoConductor({ provider: createXai({ apiKey: 'unused' }).video, ledger: new MemoryLedger() });

  it('reference images, audio off, last frame, source length and 1080p reach the request and its estimate', () => {
    const references = toGenerateVideoRequest(
      schema.parse({ prompt: 'The three meet', referenceImageUrls: ['https://images.example.com/a.png'], generateAudio: false, durationSec: 5 }),
    );
    expect(references).toEqual({ prompt: 'The three meet', referenceImageUrls: ['https://images.example.com/a.png'], generateAudio: false, durationSec: 5 });
    expect(conductor.estimate(references)).toMatchObject({ generateAudio: false, estimatedCostUsd: 0.252 });

    const hd = toGenerateVideoRequest(
      schema.parse({ prompt: 'p', imageUrl: 'https://images.example.com/s.png', lastFrameUrl: 'https://images.example.com/z.png', qualityMode: 'production_i2v_1080p', durationSec: 4 }),
    );
    // 4 s × 0.25 + two input images (start and last frame) × 0.01
    expect(conductor.estimate(hd)).toMatchObject({ resolution: '1080p', lastFrameUrl: 'https://images.example.com/z.png', estimatedCostUsd: 1.02 });

    const extend = toGenerateVideoRequest(
      schema.parse({ prompt: 'more', sourceVideoUrl: 'https://media.example.com/a.mp4', operation: 'extend', durationSec: 12, sourceVideoDurationSec: 6 }),
    );
    expect(() => conductor.estimate(extend)).toThrow(/from 2 to 10, got 12/);
  });

  it('describes the extension duration and the 1080p mode to the agent', () => {
    const json = JSON.stringify(schema.toJSONSchema?.() ?? {});
    expect(json).toContain('production_i2v_1080p (1080p, 0.25 USD/s, needs an image)');
    expect(json).toContain('the length of the added segment');
  });
});
