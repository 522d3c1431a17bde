import type { VideoConductorErrorCode } from './video-conductor-error-code.js';

/**
 * Prefix of every error marker. `Symbol.for` puts the markers in the global symbol
 * registry, so an error thrown by the CommonJS copy of the package is recognised by the
 * ES module copy (and the other way round) where `instanceof` would fail.
 */
const markerPrefix = 'ring.video-conductor.error.';

/** Creates the shared marker symbol of an error class. */
export function errorMarker(name: string): symbol {
  return Symbol.for(markerPrefix + name);
}

const baseMarker = errorMarker('VideoConductorError');

/** Options common to every error of the package. */
export interface VideoConductorErrorOptions {
  /**
   * Stable UPPER_SNAKE code; each subclass has a default. One of the package's own codes
   * ({@link VideoConductorErrorCode}), or a third-party adapter's own code.
   */
  code?: VideoConductorErrorCode | (string & {});
  /** The underlying error, kept as the standard `cause`. */
  cause?: unknown;
  /**
   * Whether the same call may succeed when repeated unchanged.
   * `undefined` means: use the subclass's rule (derived from HTTP status or error kind).
   */
  isRetryable?: boolean;
}

/**
 * Base class of every error the SDK and its adapters throw.
 *
 * Check with {@link VideoConductorError.isInstance} rather than `instanceof`: it also
 * recognises errors created by another copy of the package (ESM next to CJS).
 *
 * @example
 * ```ts
 * try {
 *   await conductor.generate(request);
 * } catch (error) {
 *   if (RateLimitError.isInstance(error)) await sleep(error.retryAfterMs ?? 1000);
 *   else if (VideoConductorError.isInstance(error)) console.error(error.code, error.message);
 *   else throw error;
 * }
 * ```
 */
export class VideoConductorError extends Error {
  /** The marker symbol instances of this class carry (see {@link VideoConductorError.isInstance}). */
  static readonly marker: symbol = baseMarker;

  override readonly name: string = 'VideoConductorError';
  /**
   * Stable machine-readable code, e.g. `INVALID_REQUEST`, `RATE_LIMITED`, `JOB_NOT_FOUND`:
   * one of {@link VideoConductorErrorCode} for errors of this package and its bundled
   * adapters; any string for a third-party adapter's own codes.
   */
  readonly code: VideoConductorErrorCode | (string & {});
  /** Whether repeating the same call unchanged may succeed. */
  readonly isRetryable: boolean;

  constructor(message: string, options: VideoConductorErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code ?? 'VIDEO_CONDUCTOR_ERROR';
    this.isRetryable = options.isRetryable ?? false;
  }

  /**
   * Whether `value` is an instance of this class (or of a subclass), from any copy of
   * the package. Called on a subclass it narrows to that subclass:
   * `RateLimitError.isInstance(error)`.
   */
  static isInstance<T extends abstract new (...args: never[]) => unknown>(
    this: T,
    value: unknown,
  ): value is InstanceType<T> {
    const marker = (this as unknown as { marker: symbol }).marker;
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }

  /** A plain JSON form for logs and ledger rows: name, code, message, retryability, fields, cause. */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = {
      name: this.name,
      code: this.code,
      message: this.message,
      isRetryable: this.isRetryable,
    };
    for (const [key, value] of Object.entries(this)) {
      if (!(key in json) && value !== undefined) json[key] = value;
    }
    if (this.cause !== undefined) json.cause = serializeCause(this.cause);
    return json;
  }
}

function serializeCause(cause: unknown): unknown {
  if (VideoConductorError.isInstance(cause)) return cause.toJSON();
  if (cause instanceof Error) return { name: cause.name, message: cause.message };
  if (typeof cause === 'string' || typeof cause === 'number' || typeof cause === 'boolean') return cause;
  return String(cause);
}

/**
 * Gives an error class its marker: every instance (and every instance of a subclass)
 * then answers `true` to the class's `isInstance`.
 */
export function markErrorClass(errorClass: { marker: symbol; prototype: object }): void {
  Object.defineProperty(errorClass.prototype, errorClass.marker, { value: true, enumerable: false });
}

markErrorClass(VideoConductorError);

/** Whether an HTTP status means the same request may succeed later (408, 409, 425, 429, 5xx). */
export function isRetryableHttpStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;
}
