import { readFileSync } from 'node:fs';
import { parseVideoPresets, resolveVideoPlan } from '@ring/video-conductor';
import { describe, expect, it } from 'vitest';
import { falPresets, googleVeoPresets } from '@ring/video-conductor/ai-sdk';

const read = (file: string) => JSON.parse(readFileSync(new URL(`../../presets/${file}`, import.meta.url), 'utf8')) as unknown;

describe.each([
  ['fal-presets.json', falPresets],
  ['google-veo-presets.json', googleVeoPresets],
])('presets/%s', (file, exported) => {
  it('passes the presets schema, and the /ai-sdk export is that file', () => {
    const parsed = parseVideoPresets(read(file));
    expect(exported).toEqual(JSON.parse(JSON.stringify(parsed)));
    expect(Object.isFrozen(exported.qualityModes)).toBe(true);
  });

  it('gives every price a source and the date it was read', () => {
    for (const mode of [...Object.values(exported.qualityModes), exported.firstFrame]) {
      expect(mode.pricing).toMatchObject({ source: expect.stringMatching(/https:\/\//), asOf: '2026-12-07' });
    }
  });
});

describe('estimates name the bridged model', () => {
  it('fal: Ray 2 Flash, 5 s at 720p → 0.40 USD; Veo 3.1 Fast, 8 s at 720p → 0.80 USD (third-party price, marked)', () => {
    expect(resolveVideoPlan({ prompt: 'p', qualityMode: 'production' }, falPresets)).toMatchObject({ model: 'luma-dream-machine/ray-2-flash', resolution: '720p', durationSec: 5, estimatedCostUsd: 0.4 });
    expect(resolveVideoPlan({ prompt: 'p' }, googleVeoPresets)).toMatchObject({ model: 'veo-3.1-fast-generate-preview', estimatedCostUsd: 0.8 });
    expect(googleVeoPresets.qualityModes.draft!.pricing!.confirmed).toBe(false);
    expect(falPresets.qualityModes.draft!.pricing!.confirmed).toBeUndefined();
  });
});
