import type { VideoPresets } from '@ring/video-conductor';
import bundled from '@ring/video-conductor/presets/runway-presets.json' with { type: 'json' };

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

const { $schema: _schema, ...presets } = bundled;

/**
 * The bundled Runway quality modes (`presets/runway-presets.json`), frozen: the same mode
 * names as the xAI presets, mapped to Runway models, with USD prices derived from credits
 * (1 credit = 0.01 USD) and each price's `source` and `asOf`.
 *
 * | qualityMode | model | USD/s | needs image |
 * |---|---|---|---|
 * | draft (default) | gen4.5 | 0.12 | no |
 * | draft_i2v | gen4_turbo | 0.05 | yes |
 * | production | gen4.5 | 0.12 | no |
 * | production_i2v | gen4.5 | 0.12 | yes |
 *
 * First frames (`firstFramePrompt`) are made with `gen4_image` at 0.05 USD. Pass these to
 * `createVideoConductor` with the Runway provider; `createVideoConductorFromEnv` does so when
 * `VIDEO_CONDUCTOR_PROVIDER=runway`. The file is checked by the same schema as every presets
 * file (`parseVideoPresets`) in the package's tests.
 *
 * @example
 * ```ts
 * import { createVideoConductor, MemoryLedger } from '@ring/video-conductor';
 * import { createRunway, runwayPresets } from '@ring/video-conductor/runway';
 *
 * const runway = createRunway();
 * const conductor = createVideoConductor({ provider: runway.video, imageProvider: runway.image, presets: runwayPresets, ledger: new MemoryLedger() });
 * conductor.estimate({ prompt: 'Waves at dusk', qualityMode: 'production', durationSec: 5 }).estimatedCostUsd; // 0.6
 * ```
 */
export const runwayPresets: VideoPresets = deepFreeze(presets as VideoPresets);
