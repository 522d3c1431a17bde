import { readFileSync } from 'node:fs';
import { getDefaultVideoPresets, type VideoPresets } from '@ring/video-conductor';
import {
  createXai,
  xaiDefaultImageModelId,
  xaiImageModelIds,
  xaiUserAgent,
  xaiVideoCapabilities,
  xaiVideoModelIds,
} from '@ring/video-conductor/xai';
import { describe, expect, it } from 'vitest';

const readJson = (path: string): unknown => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));

describe('xAI adapter data', () => {
  it('every preset model is a known xAI model id (the JSON file and the parsed defaults)', () => {
    const file = readJson('../../presets/video-presets.json') as VideoPresets;
    for (const presets of [file, getDefaultVideoPresets()]) {
      expect(presets.provider).toBe('xai');
      const videoModels = Object.values(presets.qualityModes).map((mode) => mode.model);
      expect(videoModels.length).toBeGreaterThan(0);
      for (const model of videoModels) expect(xaiVideoModelIds).toContain(model);
      expect(xaiImageModelIds).toContain(presets.firstFrame.model);
    }
    expect(xaiImageModelIds).toContain(xaiDefaultImageModelId);
  });

  it('every preset resolution is one the adapter declares', () => {
    for (const mode of Object.values(getDefaultVideoPresets().qualityModes)) {
      expect(xaiVideoCapabilities.resolutions).toContain(mode.resolution);
    }
    expect(xaiVideoCapabilities.aspectRatios).toContain(getDefaultVideoPresets().defaultAspectRatio);
  });

  it('the User-Agent carries the version in package.json', () => {
    const { version } = readJson('../../package.json') as { version: string };
    expect(xaiUserAgent).toBe(`ring-video-conductor/${version} (xai)`);
  });

  it('declares its capabilities as data', () => {
    const { video, image } = createXai({ apiKey: 'unused' });
    expect(video.capabilities).toEqual({
      textToVideo: true,
      imageToVideo: true,
      edit: true,
      extend: true,
      cancel: false,
      durations: { min: 1, max: 15 },
      resolutions: ['480p', '720p', '1080p'],
      aspectRatios: ['1:1', '16:9', '9:16', '4:3', '3:4', '3:2', '2:3'],
      modelResolutions: { 'grok-imagine-video': ['480p', '720p'], 'grok-imagine-video-1.5': ['480p', '720p', '1080p'] },
      extendDurations: { min: 2, max: 10 },
      extendDefaultDurationSec: 6,
      extendSourceDurations: { min: 2, max: 15 },
      editMaxSourceDurationSec: 8.7,
      editResolutions: ['480p', '720p'],
      referenceImages: { min: 1, max: 7, maxDurationSec: 10, resolutions: ['480p', '720p'] },
      audioToggle: true,
      lastFrameModels: ['grok-imagine-video-1.5'],
    });
    expect(video.cancel).toBeUndefined();
    expect(Object.isFrozen(video.capabilities)).toBe(true);
    expect(video).toMatchObject({ specificationVersion: 'v1', id: 'xai' });
    expect(image).toMatchObject({ specificationVersion: 'v1', id: 'xai' });
  });

  it('constructing providers reads no environment and sends nothing', () => {
    const env = process.env;
    const touched: string[] = [];
    process.env = new Proxy(env, {
      get(target, key) {
        if (typeof key === 'string') touched.push(key);
        return Reflect.get(target, key);
      },
    });
    try {
      createXai();
    } finally {
      process.env = env;
    }
    expect(touched).not.toContain('XAI_API_KEY');
  });
});
