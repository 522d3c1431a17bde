import { statusFromFailureMessage } from '../classify-failure.js';
import { classifyByMessage, type AiSdkProviderProfile } from '../provider-profile.js';

/**
 * `@ai-sdk/replicate` (3.0.46, `replicate-video-model.ts`), as read on 2026-12-07 — see
 * `docs/providers/replicate.md`:
 *
 * - `resolution` → the prediction input's `size` as `{width}x{height}` (kept as is);
 * - HTTP errors of the status read are thrown; a `failed` prediction →
 *   `Video generation failed: <error>` (judged by its words, confirmed by a re-read); a
 *   `canceled` one → `Video generation was canceled` (final);
 * - no cost (only `metrics.predict_time`); no idempotency key.
 */
export const replicateProfile: AiSdkProviderProfile = {
  name: 'replicate',
  matches: (provider) => provider === 'replicate' || provider.startsWith('replicate.'),
  sendsIdempotencyKey: false,
  reportsCost: false,
  placeOptions: (_input, mapped) => ({ resolution: mapped, warnings: [] }),
  moderationOfCompleted: () => undefined,
  classifyFailure(context) {
    if (/^video generation was cancell?ed$/i.test(context.message.trim())) {
      return { kind: 'final', status: { state: 'failed', code: 'canceled', message: 'The Replicate prediction was canceled.', retryable: false } };
    }
    return context.message.startsWith('Video generation failed:')
      ? { kind: 'confirm', status: statusFromFailureMessage(context.message) }
      : classifyByMessage(context);
  },
  moderationOfSubmitError: () => undefined,
  statusUrlOf: () => undefined,
  statusOfThrown: () => undefined,
};
