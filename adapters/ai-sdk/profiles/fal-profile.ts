import type { ProviderVideoStatus } from '@ring/video-conductor';
import { redactSecrets } from '@ring/video-conductor/provider-kit';
import { statusFromFailureMessage } from '../classify-failure.js';
import { metadataOf, transportVerdict, type AiSdkProviderProfile, type FailureVerdict } from '../provider-profile.js';

/** fal's model-error `type` that means moderation (fal docs, "Model Errors"). */
const contentPolicyType = 'content_policy_violation';

/**
 * `@ai-sdk/fal` (3.0.41, `fal-video-model.ts`), as read on 2026-12-07 — details and sources in
 * `docs/providers/fal.md`:
 *
 * - `resolution` call option: ignored; `providerOptions.fal.resolution` becomes the body's
 *   `resolution` (fal models take tiers: `540p`, `720p`, `1080p`) — the bridge puts it there;
 * - every HTTP or network error of the status read is returned as `{ status: 'error' }` with
 *   the message only (for a `{ detail: [...] }` body: the status text) — so the sentence is
 *   judged for transport shapes, and the recorded body (with `createErrorBodyRecorder`) for
 *   fal's error `type`;
 * - `providerMetadata.fal.has_nsfw_concepts` of a finished video: any `true` → moderated;
 * - no cost in the result; no idempotency key in fal's queue API.
 */
export const falProfile: AiSdkProviderProfile = {
  name: 'fal',
  matches: (provider) => provider === 'fal' || provider.startsWith('fal.'),
  sendsIdempotencyKey: false,
  reportsCost: false,

  placeOptions(input) {
    if (input.resolution === undefined) return { resolution: undefined, warnings: [] };
    return { resolution: undefined, providerOptions: { fal: { resolution: input.resolution } }, warnings: [] };
  },

  moderationOfCompleted(result) {
    const flags = metadataOf(result, 'fal').has_nsfw_concepts;
    return Array.isArray(flags) && flags.some((flag) => flag === true)
      ? 'fal flagged the finished video as NSFW (has_nsfw_concepts); it is not stored.'
      : undefined;
  },

  classifyFailure({ message, headers, errorBody }): FailureVerdict {
    if (errorBody !== undefined) {
      const { status } = errorBody;
      if (status === 404) return { kind: 'not-found' };
      if (status === 408 || status === 429 || status >= 500) return { kind: 'transient', reason: message || `HTTP ${status}`, httpStatus: status };
      const detail = falErrorDetail(errorBody.body);
      if (detail !== undefined) return { kind: 'final', status: statusOfDetail(detail) };
    }
    const header = (name: string) => Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1];
    const errorType = header('x-fal-error-type');
    if (header('x-fal-retryable') === 'true' || errorType !== undefined) {
      return { kind: 'transient', reason: errorType === undefined ? message : `${message} (${errorType})` };
    }
    const transport = transportVerdict(message);
    if (transport !== undefined) return transport;
    if (/^unprocessable entity$/i.test(message.trim())) {
      return {
        kind: 'confirm',
        status: {
          state: 'failed',
          code: 'unprocessable_entity',
          message:
            'fal rejected the job (HTTP 422). Whether for content policy or invalid input is in the answer body, which @ai-sdk/fal drops: give the fal provider createErrorBodyRecorder().fetch and the bridge errorBodies to tell them apart.',
          retryable: false,
        },
      };
    }
    return { kind: 'confirm', status: statusFromFailureMessage(message) };
  },

  moderationOfSubmitError(statusCode, body) {
    if (statusCode !== 422 || body === undefined) return undefined;
    const detail = falErrorDetail(body);
    return detail?.type === contentPolicyType ? detail.message : undefined;
  },

  statusUrlOf(operation) {
    const url = (operation as { responseUrl?: unknown } | null)?.responseUrl;
    return typeof url === 'string' ? url : undefined;
  },

  statusOfThrown: () => undefined,
};

/** The first entry of fal's `{ detail: [{ type, msg }] }` model-error body. */
function falErrorDetail(body: string): { type: string; message: string } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const detail = (parsed as { detail?: unknown } | null)?.detail;
  const entries = Array.isArray(detail) ? detail : [];
  const moderated = entries.find((entry) => (entry as { type?: unknown })?.type === contentPolicyType);
  const first = (moderated ?? entries[0]) as { type?: unknown; msg?: unknown } | undefined;
  if (typeof first?.type !== 'string') return undefined;
  const text = typeof first.msg === 'string' && first.msg !== '' ? first.msg : first.type;
  return { type: first.type, message: redactSecrets(`fal: ${text} (${first.type})`).slice(0, 500) };
}

function statusOfDetail(detail: { type: string; message: string }): ProviderVideoStatus {
  if (detail.type === contentPolicyType) return { state: 'moderated', message: detail.message };
  return { state: 'failed', code: detail.type, message: detail.message, retryable: false };
}
