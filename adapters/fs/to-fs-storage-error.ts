import { StorageError } from '@ring/video-conductor';

/**
 * Error codes of the file system that describe a passing condition (a busy file, too
 * many open files, an interrupted call): the same call may succeed later.
 */
const transientCodes = new Set(['EAGAIN', 'EBUSY', 'EINTR', 'EMFILE', 'ENFILE', 'ETIMEDOUT']);

/** The `code` of a Node.js system error (`ENOENT`, `ENOSPC`…), or `undefined`. */
export function systemErrorCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Wraps a file system failure in a {@link StorageError} whose message names the operation,
 * the key and the path; `isRetryable` is true only for transient conditions.
 */
export function toFsStorageError(operation: string, key: string, path: string, error: unknown): StorageError {
  if (StorageError.isInstance(error)) return error;
  const code = systemErrorCode(error);
  const reason = error instanceof Error ? error.message : String(error);
  return new StorageError(`fs ${operation} of "${key}" (${path}) failed: ${reason}`, {
    storage: 'fs',
    key,
    cause: error,
    isRetryable: code !== undefined && transientCodes.has(code),
  });
}
