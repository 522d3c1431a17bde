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

  constructor(message: string, options: { provider: string; requestId?: string; recordId?: string; cause?: unknown }) {
    super(message, { code: 'MODERATED', cause: options.cause, isRetryable: false });
    this.provider = options.provider;
    if (options.requestId !== undefined) this.requestId = options.requestId;
    if (options.recordId !== undefined) this.recordId = options.recordId;
  }
}
markErrorClass(ModerationError);
