import { readFile } from 'node:fs/promises';
import { getDefaultVideoPresets, parseVideoPresets, resolveVideoPlan } from '@ring/video-conductor';
import { runwayPresets, runwayUsdPerCredit, runwayVideoCapabilities } from '@ring/video-conductor/runway';
import { describe, expect, it } from 'vitest';

const file = JSON.parse(await readFile(new URL('../../presets/runway-presets.json', import.meta.url), 'utf8')) as unknown;

/** Runway's published credits per second of each model (docs/providers/runway.md#prices). */
const creditsPerSecond: Record<string, number> = { 'gen4.5': 12, gen4_turbo: 5 };

describe('presets/runway-presets.json', () => {
  it('passes the presets schema every presets file is held to, and is what runwayPresets exports', () => {
    expect(parseVideoPresets(file)).toEqual(runwayPresets);
    expect(Object.isFrozen(runwayPresets.qualityModes)).toBe(true);
  });

  it('has the same quality modes as the bundled presets', () => {
    expect(Object.keys(runwayPresets.qualityModes).sort()).toEqual(Object.keys(getDefaultVideoPresets().qualityModes).filter((name) => !name.endsWith('_1080p')).sort());
    expect(runwayPresets).toMatchObject({ provider: 'runway', defaultQualityMode: 'draft' });
  });

  it('prices every mode in USD from credits, with a source and a date', () => {
    for (const [name, mode] of Object.entries(runwayPresets.qualityModes)) {
      expect(mode.usdPerSecond, name).toBe(creditsPerSecond[mode.model]! * runwayUsdPerCredit);
      expect(mode.pricing, name).toMatchObject({ source: expect.stringContaining('https://docs.dev.runwayml.com/'), asOf: '2026-12-07' });
    }
    expect(runwayPresets.firstFrame).toMatchObject({ model: 'gen4_image', usdPerImage: 5 * runwayUsdPerCredit });
  });

  it('every mode resolves against the Runway capabilities (models, 720p, 2–10 s, default ratio)', () => {
    const options = { capabilities: runwayVideoCapabilities, providerId: 'runway' };
    expect(resolveVideoPlan({ prompt: 'x' }, runwayPresets, options)).toMatchObject({ qualityMode: 'draft', model: 'gen4.5', durationSec: 5, aspectRatio: '16:9', estimatedCostUsd: 0.6 });
    expect(resolveVideoPlan({ prompt: 'x', imageUrl: 'https://cdn.example.com/a.png' }, runwayPresets, options)).toMatchObject({ qualityMode: 'draft_i2v', model: 'gen4_turbo' });
    expect(resolveVideoPlan({ prompt: 'x', firstFramePrompt: 'a frame', qualityMode: 'production', aspectRatio: '21:9' }, runwayPresets, options)).toMatchObject({
      qualityMode: 'production_i2v',
      estimatedCostUsd: 0.65,
    });
    expect(() => resolveVideoPlan({ prompt: 'x', durationSec: 12 }, runwayPresets, options)).toThrow(/durationSec/);
  });
});
