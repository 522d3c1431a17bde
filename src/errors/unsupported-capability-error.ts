import { errorMarker, markErrorClass } from './video-conductor-error.js';
import { InvalidRequestError } from './invalid-request-error.js';

/**
 * The request asks for something the configured provider cannot do (editing a video,
 * a duration outside its range, …). A kind of {@link InvalidRequestError}: it is thrown
 * before any money is spent.
 */
export class UnsupportedCapabilityError extends InvalidRequestError {
  static override readonly marker: symbol = errorMarker('UnsupportedCapabilityError');
  override readonly name: string = 'UnsupportedCapabilityError';
  /** The capability that is missing, e.g. `edit`. */
  readonly capability: string;

  constructor(message: string, options: { field: string; capability: string; provider?: string }) {
    super(message, { field: options.field, code: 'UNSUPPORTED_CAPABILITY', provider: options.provider });
    this.capability = options.capability;
  }
}
markErrorClass(UnsupportedCapabilityError);
