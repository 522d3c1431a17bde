import type { ProviderVideoStatus } from '@ring/video-conductor';
import { redactSecrets } from '@ring/video-conductor/provider-kit';

/** Words with which providers report moderation in an AI SDK `error` status. */
const moderationPattern = /moderat|content[ _-]?polic|safety|nsfw|prohibited|not allowed|policy violation|violat|inappropriate|\bblocked\b/i;
/** Words of an expired job. */
const expiredPattern = /\bexpired?\b/i;
/** Words of a transient failure worth submitting again. */
const transientPattern = /time[ _-]?out|timed[ _-]?out|internal|unavailable|overload|capacity|rate[ _-]?limit|try again|temporar|transient/i;

/**
 * Reads the AI SDK's `{ status: 'error', error: string }`. The interface carries only a
 * sentence, so the outcome is taken from its words (as `@ai-sdk/xai` writes them:
 * "…blocked due to a content policy violation.", "…request expired.", "Video generation
 * failed: …"):
 *
 * - moderation words (moderation, content policy, safety, NSFW, prohibited, violation,
 *   blocked…) → `moderated`;
 * - `expired` → `expired`;
 * - otherwise `failed` with code `generation_failed`, retryable when the sentence names a
 *   transient cause (timeout, internal, unavailable, overload, capacity, rate limit…).
 *
 * @example
 * ```ts
 * statusFromFailureMessage('Video generation request expired.'); // { state: 'expired' }
 * ```
 */
export function statusFromFailureMessage(message: string): ProviderVideoStatus {
  const text = redactSecrets(message.trim() || 'The model reported that the video generation failed.');
  if (moderationPattern.test(text)) return { state: 'moderated', message: text };
  if (expiredPattern.test(text)) return { state: 'expired' };
  return { state: 'failed', code: 'generation_failed', message: text, retryable: transientPattern.test(text) };
}
