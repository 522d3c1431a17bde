import { InvalidRequestError } from '@ring/video-conductor';

/** Longest key accepted, in UTF-8 bytes (the S3 limit). */
const maxKeyBytes = 1024;

const utf8 = new TextEncoder();

// C0 control characters (NUL included) and DEL: legal in some backends, but they break
// file names, XML listings and URLs, and NUL truncates paths in C code below Node.
const controlCharacter = /[\u0000-\u001f\u007f]/;

/** Why `key` is not a valid storage key, or `undefined` when it is. */
function findKeyProblem(key: unknown): string | undefined {
  if (typeof key !== 'string' || key === '') return 'must be a non-empty string';
  if (key.startsWith('/')) return 'must be relative: it must not start with "/"';
  if (key.includes('\\')) return 'must use "/" as separator and must not contain backslashes';
  if (controlCharacter.test(key)) return 'must not contain NUL or other control characters';
  const segments = key.split('/');
  if (segments.includes('..')) return 'must not contain ".." segments';
  if (segments.includes('.')) return 'must not contain "." segments';
  if (segments.includes('')) return 'must not contain empty segments ("//" or a trailing "/")';
  if (utf8.encode(key).byteLength > maxKeyBytes) return `must be at most ${maxKeyBytes} bytes long in UTF-8`;
  return undefined;
}

/**
 * Checks an object key against the rules every `Storage` adapter shares, so a key
 * that one backend accepts is accepted by all and none can escape its root (a directory, a
 * bucket prefix).
 *
 * A valid key is a non-empty string of at most 1024 UTF-8 bytes, made of `/`-separated
 * segments, none of them empty, `.` or `..`; it does not start with `/` and contains no
 * backslash, no NUL and no other control character (U+0000–U+001F, U+007F).
 *
 * @param key The key handed to a storage method.
 * @param storageId The adapter's id (`fs`, `s3`, …), named in the error message.
 * @throws InvalidRequestError with `field: 'key'` when the key is not valid.
 *
 * @example
 * ```ts
 * validateStorageKey('videos/2025/a.mp4', 'fs'); // passes
 * validateStorageKey('../etc/passwd', 'fs');     // throws InvalidRequestError (field 'key')
 * ```
 */
export function validateStorageKey(key: string, storageId: string): void {
  const problem = findKeyProblem(key);
  if (problem === undefined) return;
  const shown = typeof key === 'string' ? JSON.stringify(key) : String(key);
  throw new InvalidRequestError(`Invalid storage key ${shown} for ${storageId} storage: a key ${problem}`, { field: 'key' });
}
