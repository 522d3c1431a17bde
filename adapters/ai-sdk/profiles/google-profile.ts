import { statusFromFailureMessage } from '../classify-failure.js';
import { transportVerdict, type AiSdkProviderProfile } from '../provider-profile.js';

/** The `AISDKError` name `@ai-sdk/google` gives a done operation without videos (the package's name, not one of ours). */
const noVideosErrorName = /^GOOGLE_VIDEO_GENERATION_ERROR$/;

/** The resolutions `@ai-sdk/google` maps from `{width}x{height}` to Veo's tiers. */
const veoTiers: Readonly<Record<string, string>> = { '1280x720': '720p', '1920x1080': '1080p', '3840x2160': '4k' };

/**
 * `@ai-sdk/google` (4.0.129, `google-video-model.ts`), as read on 2026-12-07 — details and
 * sources in `docs/providers/google-veo.md`:
 *
 * - `resolution`: `1280x720` / `1920x1080` / `3840x2160` become `720p` / `1080p` / `4k`;
 *   anything else is sent as is, which Veo refuses — so the bridge leaves it out with a warning;
 * - HTTP errors of the status read are thrown (the bridge's read retries apply);
 * - a done operation with `error` → `{ status: 'error', error: 'Video generation failed: …' }`
 *   (code dropped): judged by its words, confirmed by a re-read;
 * - a done operation without samples is thrown as `GOOGLE_VIDEO_GENERATION_ERROR` "No videos
 *   in response": Veo's `generateVideoResponse` then reports `raiMediaFilteredCount` (videos
 *   removed by its Responsible-AI filters), a field the package does not keep — moderated;
 * - no cost; no idempotency key in the Gemini API.
 */
export const googleProfile: AiSdkProviderProfile = {
  name: 'google',
  matches: (provider) => provider === 'google' || provider.startsWith('google.'),
  sendsIdempotencyKey: false,
  reportsCost: false,

  placeOptions(input, mapped) {
    if (input.resolution === undefined || mapped === undefined) return { resolution: mapped, warnings: [] };
    if (veoTiers[mapped] !== undefined) return { resolution: mapped, warnings: [] };
    return {
      resolution: undefined,
      warnings: [{ type: 'unsupported', field: 'resolution', detail: `Veo takes 720p, 1080p or 4k, not "${input.resolution}"; the model's default is used` }],
    };
  },

  moderationOfCompleted: () => undefined,

  classifyFailure({ message }) {
    const text = message.replace(/^video generation failed:\s*/i, '');
    return transportVerdict(text) ?? { kind: 'confirm', status: statusFromFailureMessage(message) };
  },

  moderationOfSubmitError: () => undefined,
  statusUrlOf: () => undefined,

  statusOfThrown(error) {
    const name = (error as { name?: unknown } | null)?.name;
    const message = (error as { message?: unknown } | null)?.message;
    if (typeof name === 'string' && noVideosErrorName.test(name) && typeof message === 'string' && /^no (valid )?videos in response/i.test(message)) {
      return {
        state: 'moderated',
        message: 'Veo finished the job without a video: its Responsible-AI filters removed it (raiMediaFilteredCount; @ai-sdk/google does not pass the count on).',
      };
    }
    return undefined;
  },
};
