import type { VideoConductorErrorCode } from './video-conductor-error-code.js';
import { errorMarker, markErrorClass, VideoConductorError } from './video-conductor-error.js';

/**
 * A ledger operation failed. Codes: `RECORD_NOT_FOUND`, `DUPLICATE_IDEMPOTENCY_KEY`,
 * `STATUS_CONFLICT` (an optimistic update lost a race), `REQUEST_ID_NOT_RECORDED` (the provider
 * accepted a job but its id could not be written: `requestId` carries it), `LEDGER_ERROR` (anything else;
 * connection failures are retryable).
 */
export class LedgerError extends VideoConductorError {
  static override readonly marker: symbol = errorMarker('LedgerError');
  override readonly name: string = 'LedgerError';
  /** Ledger adapter id, e.g. `postgres`, `memory`. */
  readonly ledger: string;
  /** The record concerned, when there is one. */
  readonly recordId?: string;
  /** The provider's job id the failed write carried, so a caller can still find the job. */
  readonly requestId?: string;

  constructor(
    message: string,
    options: { ledger: string; recordId?: string; requestId?: string; code?: VideoConductorErrorCode | (string & {}); isRetryable?: boolean; cause?: unknown },
  ) {
    super(message, { code: options.code ?? 'LEDGER_ERROR', cause: options.cause, isRetryable: options.isRetryable ?? false });
    this.ledger = options.ledger;
    if (options.recordId !== undefined) this.recordId = options.recordId;
    if (options.requestId !== undefined) this.requestId = options.requestId;
  }
}
markErrorClass(LedgerError);
