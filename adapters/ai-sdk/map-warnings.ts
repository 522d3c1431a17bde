import type { Warning } from '@ring/video-conductor';
import type { AiSdkWarningLike } from './ai-sdk-types.js';
import { redactSecrets } from '@ring/video-conductor/provider-kit';

/** AI SDK call-option names that the port names differently. */
const portFieldOf: Readonly<Record<string, string>> = {
  duration: 'durationSec',
  image: 'imageUrl',
  frameImages: 'imageUrl',
};

/**
 * Maps AI SDK warnings to the port's: `unsupported` keeps its meaning (the feature named as
 * the port's field where they differ, `duration` → `durationSec`, `image` → `imageUrl`);
 * `compatibility`, `deprecated` and `other` become `other` warnings with a sentence. Text is
 * passed through {@link redactSecrets}.
 *
 * @example
 * ```ts
 * fromAiSdkWarnings([{ type: 'unsupported', feature: 'fps', details: 'no custom FPS' }]);
 * // [{ type: 'unsupported', field: 'fps', detail: 'no custom FPS' }]
 * ```
 */
export function fromAiSdkWarnings(warnings: readonly AiSdkWarningLike[] | undefined): Warning[] {
  return (warnings ?? []).map(fromAiSdkWarning);
}

function fromAiSdkWarning(warning: AiSdkWarningLike): Warning {
  switch (warning.type) {
    case 'unsupported': {
      const feature = warning.feature ?? 'unknown';
      return {
        type: 'unsupported',
        field: portFieldOf[feature] ?? feature,
        ...(warning.details === undefined ? {} : { detail: redactSecrets(warning.details) }),
      };
    }
    case 'compatibility':
      return { type: 'other', message: redactSecrets(`${warning.feature ?? 'a feature'} is used in a compatibility mode${warning.details ? `: ${warning.details}` : '.'}`) };
    case 'deprecated':
      return { type: 'other', message: redactSecrets(`${warning.setting ?? 'a setting'} is deprecated: ${warning.message ?? ''}`) };
    case 'other':
      return { type: 'other', message: redactSecrets(warning.message ?? '') };
    default:
      return { type: 'other', message: redactSecrets(`The model sent a warning of an unknown kind: ${JSON.stringify(warning).slice(0, 500)}`) };
  }
}
