import { errorMarker, markErrorClass, VideoConductorError } from './video-conductor-error.js';

/** The provider let the job expire before it produced a video. Not retryable: submit anew. */
export class GenerationExpiredError extends VideoConductorError {
  static override readonly marker: symbol = errorMarker('GenerationExpiredError');
  override readonly name: string = 'GenerationExpiredError';
  readonly provider: string;
  readonly requestId: string;
  readonly recordId: string;

  constructor(message: string, options: { provider: string; requestId: string; recordId: string }) {
    super(message, { code: 'GENERATION_EXPIRED', isRetryable: false });
    this.provider = options.provider;
    this.requestId = options.requestId;
    this.recordId = options.recordId;
  }
}
markErrorClass(GenerationExpiredError);
