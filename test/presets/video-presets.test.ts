import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getDefaultVideoPresets, InvalidRequestError, parseVideoPresets } from '@ring/video-conductor';
import { videoPresetsJsonSchema } from '../../src/presets/video-presets-json-schema.js';

const read = (path: string) => JSON.parse(readFileSync(new URL(`../../presets/${path}`, import.meta.url), 'utf8'));

describe('presets/video-presets.json', () => {
  it('holds the xAI modes with their models, resolutions and published prices (720p grok-imagine-video is 0.07, not 0.05)', () => {
    const presets = getDefaultVideoPresets();
    const table = Object.entries(presets.qualityModes).map(([name, mode]) => [name, mode.model, mode.resolution, mode.usdPerSecond, mode.requiresImage]);
    expect(table).toEqual([
      ['draft', 'grok-imagine-video', '480p', 0.05, false],
      ['draft_i2v', 'grok-imagine-video-1.5', '480p', 0.08, true],
      ['production', 'grok-imagine-video', '720p', 0.07, false],
      ['production_i2v', 'grok-imagine-video-1.5', '720p', 0.14, true],
      ['production_i2v_1080p', 'grok-imagine-video-1.5', '1080p', 0.25, true],
    ]);
    expect(presets.firstFrame).toMatchObject({ model: 'grok-imagine-image', usdPerImage: 0.02 });
    for (const mode of Object.values(presets.qualityModes)) {
      expect(mode.pricing).toMatchObject({ source: expect.any(String), asOf: expect.stringMatching(/^\d{4}-\d{2}/) });
      expect(mode.usdPerInputImage).toBe(mode.model === 'grok-imagine-video' ? 0.002 : 0.01);
      expect(mode.usdPerInputVideoSecond).toBe(0.01);
    }
    // The 1080p price is a third-party figure: the presets say so.
    expect(presets.qualityModes.production_i2v_1080p!.pricing).toMatchObject({ confirmed: false });
    expect(presets.defaultQualityMode).toBe('draft');
  });

  it('the JSON Schema file is the one generated from the validator (npm run presets:schema)', () => {
    expect(read('video-presets.schema.json')).toEqual(JSON.parse(JSON.stringify(videoPresetsJsonSchema())));
    expect(read('video-presets.json').$schema).toBe('./video-presets.schema.json');
  });

  it.each([
    [{ ...read('video-presets.json'), defaultQualityMode: 'ultra' }, 'defaultQualityMode'],
    [{ ...read('video-presets.json'), version: 2 }, 'version'],
    [{ ...read('video-presets.json'), extra: true }, ''],
    [
      { ...read('video-presets.json'), qualityModes: { ...read('video-presets.json').qualityModes, draft: { ...read('video-presets.json').qualityModes.draft, withImage: 'production' } } },
      'qualityModes.draft.withImage',
    ],
    [{ ...read('video-presets.json'), qualityModes: { draft: { model: 'm', resolution: '480p', usdPerSecond: -1, requiresImage: false } } }, 'qualityModes.draft.usdPerSecond'],
  ])('rejects broken presets with the path of the problem (%#)', (value, field) => {
    try {
      parseVideoPresets(value);
      throw new Error('expected a rejection');
    } catch (error) {
      expect(InvalidRequestError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ code: 'INVALID_PRESETS', field });
    }
  });
});
