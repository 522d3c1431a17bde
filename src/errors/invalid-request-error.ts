import type { VideoConductorErrorCode } from './video-conductor-error-code.js';
import { errorMarker, markErrorClass, VideoConductorError } from './video-conductor-error.js';

/** One problem found in a request, with the path of the field it concerns. */
export interface RequestIssue {
  /** Dotted path of the field, e.g. `durationSec` or `audit.clipId`; empty for the whole request. */
  field: string;
  /** What is wrong and what is allowed, in a sentence. */
  message: string;
}

/** Options of {@link InvalidRequestError}. */
export interface InvalidRequestErrorOptions {
  /** Dotted path of the first offending field. */
  field: string;
  /** Every problem found (the first one is `field`). Defaults to one issue built from `field` and the message. */
  issues?: RequestIssue[];
  code?: VideoConductorErrorCode | (string & {});
  cause?: unknown;
  /** The provider that rejected the request, when the rejection came from upstream. */
  provider?: string;
}

/**
 * The request cannot be carried out as given: a field is missing, out of range or not
 * allowed. Thrown before any provider call or ledger write. Never retryable.
 *
 * @example
 * ```ts
 * if (InvalidRequestError.isInstance(error)) console.error(`${error.field}: ${error.message}`);
 * ```
 */
export class InvalidRequestError extends VideoConductorError {
  static override readonly marker: symbol = errorMarker('InvalidRequestError');
  override readonly name: string = 'InvalidRequestError';
  /** Dotted path of the first offending field (`''` for the request as a whole). */
  readonly field: string;
  /** Every problem found, each with its field path. */
  readonly issues: RequestIssue[];
  /** The provider that rejected the request upstream; `undefined` when the SDK rejected it. */
  readonly provider?: string;

  constructor(message: string, options: InvalidRequestErrorOptions) {
    super(message, { code: options.code ?? 'INVALID_REQUEST', cause: options.cause, isRetryable: false });
    this.field = options.field;
    this.issues = options.issues ?? [{ field: options.field, message }];
    if (options.provider !== undefined) this.provider = options.provider;
  }
}
markErrorClass(InvalidRequestError);
