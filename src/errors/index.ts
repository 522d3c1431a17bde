export { VideoConductorError, type VideoConductorErrorOptions } from './video-conductor-error.js';
/** @internal Import it from `@ring/video-conductor/provider-kit`. */
export { isRetryableHttpStatus } from './video-conductor-error.js';
export type { VideoConductorErrorCode } from './video-conductor-error-code.js';
export { InvalidRequestError, type InvalidRequestErrorOptions, type RequestIssue } from './invalid-request-error.js';
export { UnsupportedCapabilityError } from './unsupported-capability-error.js';
export { ProviderError, type ProviderErrorOptions } from './provider-error.js';
export { RateLimitError } from './rate-limit-error.js';
export { ModerationError } from './moderation-error.js';
export { GenerationExpiredError } from './generation-expired-error.js';
export { GenerationTimeoutError } from './generation-timeout-error.js';
export { StorageError } from './storage-error.js';
export { LedgerError } from './ledger-error.js';
export { BudgetExceededError } from './budget-exceeded-error.js';
