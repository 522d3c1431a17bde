import type { ProviderVideoInput, ProviderVideoStatus, Warning } from '@ring/video-conductor';
import type { AiSdkStatusResult } from './ai-sdk-types.js';
import { statusFromFailureMessage } from './classify-failure.js';
import type { RecordedErrorResponse } from './error-body-recorder.js';
import type { AiSdkResolution } from './from-ai-sdk-video-model-options.js';

/**
 * What one `error` status of a bridged model means:
 *
 * - `final`: the job ended — the provider said so with a code of its own (fal's
 *   `content_policy_violation`, a finished video flagged NSFW…);
 * - `confirm`: it looks like the end, but the sentence is all there is: it ends the job only
 *   when a re-read says the same again;
 * - `not-found`: the provider does not know the job (HTTP 404) — `JOB_NOT_FOUND` once seen again;
 * - `transient`: the read failed, not the job (a 503, a dropped connection): retryable, the
 *   job stays resumable.
 */
export type FailureVerdict =
  | { kind: 'final'; status: ProviderVideoStatus }
  | { kind: 'confirm'; status: ProviderVideoStatus }
  | { kind: 'not-found' }
  | { kind: 'transient'; reason: string; httpStatus?: number };

/** What a profile reads to judge an `error` status. */
export interface FailureContext {
  result: AiSdkStatusResult;
  /** The status's `error` sentence ('' when none). */
  message: string;
  /** The read's response headers, when the model passed them on. */
  headers: Readonly<Record<string, string>> | undefined;
  /** The raw error answer of the status URL, when an error-body recorder saw it. */
  errorBody: RecordedErrorResponse | undefined;
}

/** Where the port's fields go for one provider, and what it cannot take. */
export interface PlacedOptions {
  /** The AI SDK `resolution` call option to send (`undefined`: none). */
  resolution: AiSdkResolution | undefined;
  /** Provider options to merge under the caller's own (the caller's win). */
  providerOptions?: Record<string, Record<string, string | number | boolean>>;
  warnings: Warning[];
}

/**
 * The per-provider knowledge of the bridge: one small table per AI SDK provider package,
 * each fact read from that package's own code (see `docs/providers/`).
 */
export interface AiSdkProviderProfile {
  /** Short name used in docs and messages, e.g. `fal`. */
  readonly name: string;
  /** Whether `model.provider` (e.g. `fal.video`) belongs to this profile. */
  matches(provider: string): boolean;
  /** Whether the provider's API takes the bridge's `idempotency-key` header. */
  readonly sendsIdempotencyKey: boolean;
  /** Whether a finished job reports its cost (else `actualCostUsd` stays `null`). */
  readonly reportsCost: boolean;
  /** Moves the port's resolution where the package reads it; warns when it cannot go anywhere. */
  placeOptions(input: ProviderVideoInput, mapped: AiSdkResolution | undefined): PlacedOptions;
  /** A finished video the provider flagged: the moderation sentence, else `undefined`. */
  moderationOfCompleted(result: AiSdkStatusResult): string | undefined;
  /** Judges an `error` status. */
  classifyFailure(context: FailureContext): FailureVerdict;
  /** Moderation in the body of an HTTP error answering the submit: the sentence, else `undefined`. */
  moderationOfSubmitError(statusCode: number, body: string | undefined): string | undefined;
  /** The URL the model reads the status from, to look up a recorded error body. */
  statusUrlOf(operation: unknown): string | undefined;
  /** A status the model threw instead of returning (e.g. Google's "No videos in response"). */
  statusOfThrown(error: unknown): ProviderVideoStatus | undefined;
}

/** HTTP status texts: a folded HTTP error arrives as its status text alone. */
const statusTexts: Readonly<Record<string, number>> = {
  'request timeout': 408,
  'too many requests': 429,
  'internal server error': 500,
  'bad gateway': 502,
  'service unavailable': 503,
  'gateway timeout': 504,
};

/**
 * A failure sentence made by `@ai-sdk/provider-utils` for a read that failed on the way —
 * `Cannot connect to API: …` (network), `Failed to process error response` (an error answer
 * whose body was not JSON), or a bare HTTP status text of 408/429/5xx — is `transient`;
 * the text `Not Found` is `not-found`. Otherwise `undefined`.
 */
export function transportVerdict(message: string): FailureVerdict | undefined {
  const text = message.trim();
  if (/^cannot connect to api\b/i.test(text) || /^failed to process (error|successful) response$/i.test(text)) {
    return { kind: 'transient', reason: text };
  }
  const httpStatus = statusTexts[text.toLowerCase()];
  if (httpStatus !== undefined) return { kind: 'transient', reason: text, httpStatus };
  if (/^not found$/i.test(text)) return { kind: 'not-found' };
  return undefined;
}

/**
 * The rule for providers without a table of their own: a transport-shaped sentence is
 * `transient` ({@link transportVerdict}); anything else is read by its words
 * ({@link statusFromFailureMessage}) and must be seen twice.
 */
export function classifyByMessage(context: FailureContext): FailureVerdict {
  return transportVerdict(context.message) ?? { kind: 'confirm', status: statusFromFailureMessage(context.message) };
}

/** The record under `providerMetadata[key]`, or `{}`. */
export function metadataOf(result: AiSdkStatusResult, key: string): Record<string, unknown> {
  const entry = result.providerMetadata?.[key];
  return typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? (entry as Record<string, unknown>) : {};
}
