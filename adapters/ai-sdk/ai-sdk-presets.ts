import type { VideoPresets } from '@ring/video-conductor';
import falJson from '@ring/video-conductor/presets/fal-presets.json' with { type: 'json' };
import googleVeoJson from '@ring/video-conductor/presets/google-veo-presets.json' with { type: 'json' };

/**
 * Quality modes for fal video models bridged with `@ai-sdk/fal` (`presets/fal-presets.json`):
 * Luma Ray 2 Flash at 540p (`draft`, the default), 720p (`production`) and 1080p
 * (`production_1080p`), and Luma Ray 2 at 540p (`ray2_draft`). Each price names its source
 * and date; `pricing.confirmed: false` marks third-party figures (`docs/providers/fal.md`).
 * Wrap the model a mode names, or rows and estimates describe another model.
 *
 * @example
 * ```ts
 * import { createFal } from '@ai-sdk/fal';
 * import { createVideoConductor } from '@ring/video-conductor';
 * import { falPresets, fromAiSdkVideoModel } from '@ring/video-conductor/ai-sdk';
 *
 * const provider = fromAiSdkVideoModel(createFal().video('luma-dream-machine/ray-2-flash'));
 * const conductor = createVideoConductor({ provider, presets: falPresets, storage, ledger });
 * ```
 */
export const falPresets: VideoPresets = fromFile(falJson);

/**
 * Quality modes for Google Veo bridged with `@ai-sdk/google` (`presets/google-veo-presets.json`):
 * Veo 3.1 Fast at 720p (`draft`, the default), Veo 3.1 Lite at 720p (`lite`) and Veo 3.1 at
 * 1080p (`production`). Google's pricing page could not be read directly: every price is a
 * dated third-party quote of it, marked `pricing.confirmed: false` (`docs/providers/google-veo.md`).
 *
 * @example
 * ```ts
 * import { createGoogleGenerativeAI } from '@ai-sdk/google';
 * import { createVideoConductor } from '@ring/video-conductor';
 * import { fromAiSdkVideoModel, googleVeoPresets } from '@ring/video-conductor/ai-sdk';
 *
 * const provider = fromAiSdkVideoModel(createGoogleGenerativeAI().video('veo-3.1-fast-generate-preview'));
 * const conductor = createVideoConductor({ provider, presets: googleVeoPresets, storage, ledger });
 * ```
 */
export const googleVeoPresets: VideoPresets = fromFile(googleVeoJson);

/** The file without its editors' `$schema` hint, deeply frozen (validated by the presets schema in a test). */
function fromFile(json: { $schema?: string }): VideoPresets {
  const { $schema: _schema, ...presets } = structuredClone(json);
  return deepFreeze(presets as VideoPresets);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
