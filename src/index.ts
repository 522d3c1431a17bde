/**
 * `@ring/video-conductor` — provider-agnostic orchestration of asynchronous generative video.
 *
 * The core holds the ports (`VideoProvider`, `ImageProvider`, `Storage`, `Ledger`), the pure
 * preset resolver, the conductor and the errors. Adapters live in subpaths:
 * `/xai`, `/s3`, `/fs`, `/postgres`, `/local` (offline provider), `/testing` (memory adapters),
 * `/contract`, `/mcp`, `/thumbnail`, `/ai-sdk`, `/studio` and `/cli`. Helpers for writing adapters
 * are in `/provider-kit`.
 *
 * @module
 */
export * from './errors/index.js';
export type * from './ports/index.js';
export { videoStatuses, activeVideoStatuses, unfinishedVideoStatuses } from './ledger/video-statuses.js';
export { MemoryLedger, type MemoryLedgerOptions } from './ledger/memory-ledger.js';
export { systemClock, systemSleep, type Clock, type Sleep } from './clock.js';
export {
  getDefaultVideoPresets,
  parseVideoPresets,
  type PresetPricing,
  type QualityModePreset,
  type VideoPresets,
} from './presets/video-presets.js';
export type { GenerateVideoRequest, ThumbnailRequest } from './plan/generate-video-request.js';
export { validateVideoRequest, maxPromptLength } from './plan/validate-video-request.js';
export type { PlanUpgrade, VideoPlan } from './plan/video-plan.js';
export {
  resolveVideoPlan,
  defaultAspectRatios,
  defaultDurationRange,
  type ResolveVideoPlanOptions,
} from './plan/resolve-video-plan.js';
export { createVideoConductor } from './conductor/create-video-conductor.js';
export { defaultMaxVideoBytes, defaultDownloadTimeoutMs } from './conductor/video-conductor.js';
export type {
  GenerateOptions,
  PollingOptions,
  RecoverOptions,
  RecoverReport,
  SubmittedVideo,
  ReservedVideo,
  ReserveOptions,
  VideoConductor,
  VideoConductorOptions,
} from './conductor/video-conductor.js';
export type { GenerateVideoModerated, GenerateVideoNotStored, GenerateVideoResult, GenerateVideoSuccess } from './conductor/generate-video-result.js';
export type { VideoConductorEvent, VideoConductorEventListener } from './conductor/video-conductor-event.js';
export type { ReadableVideoUrl } from './conductor/readable-url.js';
export { committedCostUsd, type BudgetOptions } from './conductor/budget.js';
export {
  summarizeVideoCosts,
  compareCostGroups,
  type SummarizeVideoCostsOptions,
  type VideoCostSummary,
} from './ledger/summarize-video-costs.js';
export { resultFromRecord } from './conductor/record-outcome.js';
export {
  checkUrlPolicy,
  isPrivateAddress,
  type ResolvedAddress,
  type UrlPolicyLookup,
  type UrlPolicyOptions,
} from './net/url-policy.js';
export { fetchWithUrlPolicy } from './net/fetch-with-url-policy.js';

// Helpers for adapter authors that core itself runs. Their public home is
// `@ring/video-conductor/provider-kit`, which re-exports them from here so that each build
// format keeps one copy of core; they stay out of the root's reference.
/** @internal Import it from `@ring/video-conductor/provider-kit`. */
export { retryWithBackoff, type RetryOptions } from './retry/retry-with-backoff.js';
/** @internal Import them from `@ring/video-conductor/provider-kit`. */
export { encodeListCursor, decodeListCursor, type ListCursor } from './ledger/list-cursor.js';
/** @internal Import it from `@ring/video-conductor/provider-kit`. */
export type { ExactFields } from './internal/exact-fields.js';
/** @internal Import it from `@ring/video-conductor/provider-kit`. */
export { shortRequestId } from './internal/short-request-id.js';
/** @internal Import it from `@ring/video-conductor/provider-kit`. */
export { checkClaimStaleInput } from './ledger/check-claim-stale-input.js';
