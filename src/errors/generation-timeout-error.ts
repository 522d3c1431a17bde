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

  constructor(message: string, options: { recordId: string; requestId: string; timeoutMs: number }) {
    super(message, { code: 'GENERATION_TIMEOUT', isRetryable: true });
    this.recordId = options.recordId;
    this.requestId = options.requestId;
    this.timeoutMs = options.timeoutMs;
  }
}
markErrorClass(GenerationTimeoutError);
