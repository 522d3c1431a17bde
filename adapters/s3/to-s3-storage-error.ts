import { StorageError } from '@ring/video-conductor';
import { isRetryableHttpStatus } from '@ring/video-conductor/provider-kit';

/** Error names S3 and S3-compatible services use to ask for a slower request rate. */
const throttlingNames = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
]);

/** Error names of conditions that pass, whatever HTTP status carried them. */
const transientNames = new Set(['RequestTimeout', 'RequestTimeoutException', 'InternalError', 'ServiceUnavailable', 'TimeoutError']);

/** Node.js and undici codes of a network failure before or during a request. */
const networkCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The parts of an AWS SDK v3 error (or a Node.js network error) that are read. */
interface S3ErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

function shapeOf(error: unknown): S3ErrorShape {
  return typeof error === 'object' && error !== null ? (error as S3ErrorShape) : {};
}

/** The HTTP status of an S3 error response, or `undefined` when no response arrived. */
export function httpStatusOf(error: unknown): number | undefined {
  const status = shapeOf(error).$metadata?.httpStatusCode;
  return typeof status === 'number' && status > 0 ? status : undefined;
}

/**
 * Whether an S3 error means "no such object" or "no such upload". `HeadObject` answers a
 * bare 404 `NotFound` (a HEAD response has no body), also for a missing bucket; a
 * `NoSuchBucket` error that says so is not counted.
 */
export function isNotFoundError(error: unknown): boolean {
  const { name } = shapeOf(error);
  if (name === 'NoSuchBucket') return false;
  return name === 'NotFound' || name === 'NoSuchKey' || name === 'NoSuchUpload' || httpStatusOf(error) === 404;
}

/**
 * Whether repeating the failed S3 call may succeed: throttling, timeouts, 5xx (and the
 * other retryable statuses) and network failures; never 4xx such as `AccessDenied` or
 * `NoSuchBucket`.
 */
export function isRetryableS3Error(error: unknown): boolean {
  const shape = shapeOf(error);
  if (typeof shape.name === 'string' && (throttlingNames.has(shape.name) || transientNames.has(shape.name))) return true;
  const status = httpStatusOf(error);
  if (status !== undefined) return isRetryableHttpStatus(status);
  if (shape.$retryable !== undefined && shape.$retryable !== null && shape.$retryable !== false) return true;
  return typeof shape.code === 'string' && networkCodes.has(shape.code);
}

/** `NoSuchBucket (HTTP 404): The specified bucket does not exist` — no headers, no credentials. */
export function describeS3Error(error: unknown): string {
  const shape = shapeOf(error);
  const status = httpStatusOf(error);
  const name = typeof shape.code === 'string' && shape.name === 'Error' ? shape.code : String(shape.name ?? 'Error');
  const message = typeof shape.message === 'string' && shape.message !== '' ? `: ${shape.message}` : '';
  return `${name}${status === undefined ? '' : ` (HTTP ${status})`}${message}`;
}

/** Where a failed S3 call was going, for the error message. */
export interface S3ErrorTarget {
  /** The S3 operation or step, e.g. `HeadObject`, `upload`. */
  operation: string;
  bucket: string;
  /** The S3 object key (prefix included). */
  objectKey: string;
  /** The storage key as the caller gave it (prefix excluded). */
  key: string;
}

/**
 * Wraps a failed S3 call in a {@link StorageError} whose message names the operation,
 * bucket and object key, and whose `isRetryable` follows {@link isRetryableS3Error}.
 * `suffix` is appended to the message (e.g. the outcome of the cleanup).
 */
export function toS3StorageError(target: S3ErrorTarget, error: unknown, suffix = ''): StorageError {
  return new StorageError(
    `S3 ${target.operation} of s3://${target.bucket}/${target.objectKey} failed: ${describeS3Error(error)}${suffix}`,
    { storage: 's3', key: target.key, cause: error, isRetryable: isRetryableS3Error(error) },
  );
}
