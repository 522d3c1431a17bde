import { errorMarker, markErrorClass, VideoConductorError } from './video-conductor-error.js';

/**
 * The provider's moderation blocked a prompt or an output. Image providers throw it for a
 * blocked first frame; the conductor turns it into a `success: false` result, never an
 * exception, so callers only meet it when calling a provider directly.
 */
export class ModerationError extends VideoConductorError {
  static override readonly marker: symbol = errorMarker('ModerationError');
  override readonly name: string = 'ModerationError';
  readonly provider: string;
  readonly requestId?: string;
  readonly recordId?: string;
  /**
   * What the provider billed for the blocked attempt, in USD, when it said so (xAI reports
   * the cost of a moderated video or image in its error body). `undefined`: not reported.
   */
  readonly costUsd?: number;

  constructor(message: string, options: { provider: string; requestId?: string; recordId?: string; costUsd?: number; cause?: unknown }) {
    super(message, { code: 'MODERATED', cause: options.cause, isRetryable: false });
    this.provider = options.provider;
    if (options.costUsd !== undefined) this.costUsd = options.costUsd;
    if (options.requestId !== undefined) this.requestId = options.requestId;
    if (options.recordId !== undefined) this.recordId = options.recordId;
  }
}
markErrorClass(ModerationError);
