import { errorMarker, markErrorClass, VideoConductorError } from './video-conductor-error.js';

/**
 * The job did not reach a terminal state within the deadline. The provider may still be
 * working: the ledger row keeps the request id, and `conductor.resume(error.recordId)`
 * picks the job up without paying again.
 */
export class GenerationTimeoutError extends VideoConductorError {
  static override readonly marker: symbol = errorMarker('GenerationTimeoutError');
  override readonly name: string = 'GenerationTimeoutError';
  readonly recordId: string;
  readonly requestId: string;
  /** The deadline that passed, in milliseconds. */
  readonly timeoutMs: number;
  /**
   * When the provider said to ask again, in milliseconds from the last status check (its
   * `retryAfterMs` hint, e.g. a `Retry-After` header), or `undefined` when it gave none. A
   * scheduler that resumes the job later (a queue re-sending it with `startAfter`) waits this
   * long, else its own polling interval.
   */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: { recordId: string; requestId: string; timeoutMs: number; retryAfterMs?: number | undefined }) {
    super(message, { code: 'GENERATION_TIMEOUT', isRetryable: true });
    this.recordId = options.recordId;
    this.requestId = options.requestId;
    this.timeoutMs = options.timeoutMs;
    this.retryAfterMs = options.retryAfterMs;
  }
}
markErrorClass(GenerationTimeoutError);
