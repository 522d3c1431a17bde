import type { VideoConductorErrorCode } from './video-conductor-error-code.js';
import { errorMarker, markErrorClass, VideoConductorError } from './video-conductor-error.js';

/** A storage adapter failed to write, read or delete an object. */
export class StorageError extends VideoConductorError {
  static override readonly marker: symbol = errorMarker('StorageError');
  override readonly name: string = 'StorageError';
  /** Storage adapter id, e.g. `s3`, `fs`, `memory`. */
  readonly storage: string;
  /** The object key concerned, when there is one. */
  readonly key?: string;

  constructor(
    message: string,
    options: { storage: string; key?: string; code?: VideoConductorErrorCode | (string & {}); isRetryable?: boolean; cause?: unknown },
  ) {
    super(message, { code: options.code ?? 'STORAGE_ERROR', cause: options.cause, isRetryable: options.isRetryable ?? false });
    this.storage = options.storage;
    if (options.key !== undefined) this.key = options.key;
  }
}
markErrorClass(StorageError);
