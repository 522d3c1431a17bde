import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  InvalidRequestError,
  type CallOptions,
  type PutMeta,
  type Storage,
  type StoredObject,
} from '@ring/video-conductor';
import { validateStorageKey } from '@ring/video-conductor/provider-kit';
import type { FsStorageOptions } from './fs-storage-options.js';
import { systemErrorCode, toFsStorageError } from './to-fs-storage-error.js';
import { writeBodyToFile } from './write-body-to-file.js';

const storageId = 'fs';

/** `https://cdn/x` → `https://cdn/x/`; throws for anything that is not an absolute URL. */
function normalizeBaseUrl(publicBaseUrl: string): string {
  try {
    new URL(publicBaseUrl);
  } catch (error) {
    throw new InvalidRequestError(`publicBaseUrl must be an absolute URL, got ${JSON.stringify(publicBaseUrl)}`, {
      field: 'publicBaseUrl',
      cause: error,
    });
  }
  return publicBaseUrl.endsWith('/') ? publicBaseUrl : `${publicBaseUrl}/`;
}

/** Releases a body that will never be read, so its producer (a download…) stops. */
function discardBody(body: ReadableStream<Uint8Array> | Uint8Array, reason: unknown): void {
  if (!(body instanceof Uint8Array) && !body.locked) body.cancel(reason).catch(() => undefined);
}

/**
 * Name of the temporary file a `put` writes before renaming it over the target: hidden,
 * in the target's directory (a `rename` within one file system is atomic), recognisable
 * (`.<name>.<random>.tmp`) and unique per call.
 */
function temporaryPathFor(target: string): string {
  // Code points, not UTF-16 units; short enough to stay under NAME_MAX with the suffix.
  const stem = Array.from(basename(target)).slice(0, 64).join('');
  return join(dirname(target), `.${stem}.${randomBytes(8).toString('hex')}.tmp`);
}

/**
 * Creates a `Storage` that keeps objects as files under one directory: the embedded
 * default of the SDK, for development, single-machine deployments and tests.
 *
 * - **Atomic:** `put` streams into a temporary file next to the target, flushes it to disk
 *   and renames it over the target. Readers see the old file or the new one, never a
 *   partial one; when the body errors or the call is aborted the temporary file is removed
 *   and a previous file under the key is left intact.
 * - **Bounded memory:** the body is written chunk by chunk with backpressure, never buffered.
 * - **Safe keys:** keys are checked by `validateStorageKey` (no `..`, no absolute paths, no
 *   NUL, no backslash, not empty), so no key can write outside `directory`.
 * - **Nothing computed twice:** `size` is counted while writing; `sha256` is echoed from
 *   `meta.sha256` when the caller gives it (files carry no metadata, so `head` has none).
 *
 * Errors: `InvalidRequestError` (field `key`) for an invalid key; `StorageError` for file
 * system failures (codes `STORAGE_ERROR`, `BODY_STREAM_FAILED`, `CONTENT_LENGTH_MISMATCH`),
 * retryable only for transient conditions such as `EMFILE` or `EBUSY`; the signal's reason
 * when aborted.
 *
 * @param options The root directory and, optionally, the public URL it is served from.
 * @returns A `Storage` with id `fs`.
 * @throws InvalidRequestError (field `directory` or `publicBaseUrl`) for invalid options.
 *
 * @example
 * ```ts
 * import { createFsStorage } from '@ring/video-conductor/fs';
 *
 * const storage = createFsStorage({ directory: './.video-conductor/media' });
 * const stored = await storage.put('videos/a.mp4', response.body!, { contentType: 'video/mp4' });
 * stored.url; // 'file:///home/me/app/.video-conductor/media/videos/a.mp4'
 * ```
 */
export function createFsStorage(options: FsStorageOptions): Storage {
  if (typeof options?.directory !== 'string' || options.directory === '') {
    throw new InvalidRequestError('directory must be a non-empty path', { field: 'directory' });
  }
  const root = resolve(options.directory);
  const publicBaseUrl = options.publicBaseUrl === undefined ? undefined : normalizeBaseUrl(options.publicBaseUrl);

  /** The file of `key`, after checking that it stays under `root`. */
  function pathOf(key: string): string {
    validateStorageKey(key, storageId);
    const path = join(root, ...key.split('/'));
    // validateStorageKey already rules out escapes; this guards against platform quirks.
    const fromRoot = relative(root, path);
    if (fromRoot === '' || fromRoot === '..' || fromRoot.startsWith(`..${sep}`) || isAbsolute(fromRoot)) {
      throw new InvalidRequestError(`Invalid storage key ${JSON.stringify(key)} for fs storage: it leaves the directory`, {
        field: 'key',
      });
    }
    return path;
  }

  function urlOf(key: string, path: string): string {
    if (publicBaseUrl === undefined) return pathToFileURL(path).href;
    return publicBaseUrl + key.split('/').map(encodeURIComponent).join('/');
  }

  return {
    specificationVersion: 'v1',
    id: storageId,

    async put(key: string, body: ReadableStream<Uint8Array> | Uint8Array, meta: PutMeta, callOptions: CallOptions = {}) {
      const { signal } = callOptions;
      let target: string;
      try {
        target = pathOf(key);
        signal?.throwIfAborted();
      } catch (error) {
        discardBody(body, error);
        throw error;
      }

      let temporaryPath: string | undefined;
      let handle: FileHandle | undefined;
      try {
        await mkdir(dirname(target), { recursive: true });
        temporaryPath = temporaryPathFor(target);
        // `wx`: never follow or reuse an existing file under the temporary name.
        handle = await open(temporaryPath, 'wx');
        const size = await writeBodyToFile(handle, body, { key, contentLength: meta.contentLength, signal });
        // On disk before it becomes visible: a crash after the rename must not leave an
        // empty or truncated file under the key.
        await handle.sync();
        await handle.close();
        handle = undefined;
        // The last moment an abort can still prevent the commit.
        signal?.throwIfAborted();
        await rename(temporaryPath, target);
        temporaryPath = undefined;

        const stored: StoredObject = { key, url: urlOf(key, target), size, contentType: meta.contentType };
        if (meta.sha256 !== undefined) stored.sha256 = meta.sha256;
        return stored;
      } catch (error) {
        discardBody(body, error);
        if (signal?.aborted && error === signal.reason) throw error;
        throw toFsStorageError('put', key, target, error);
      } finally {
        if (handle !== undefined) await handle.close().catch(() => undefined);
        if (temporaryPath !== undefined) await rm(temporaryPath, { force: true }).catch(() => undefined);
      }
    },

    async url(key: string) {
      return urlOf(key, pathOf(key));
    },

    async head(key: string, callOptions: CallOptions = {}) {
      const path = pathOf(key);
      callOptions.signal?.throwIfAborted();
      try {
        const stats = await stat(path);
        // A directory under the key holds other keys; it is not an object.
        if (!stats.isFile()) return null;
        return { key, url: urlOf(key, path), size: stats.size };
      } catch (error) {
        const code = systemErrorCode(error);
        if (code === 'ENOENT' || code === 'ENOTDIR') return null;
        throw toFsStorageError('head', key, path, error);
      }
    },

    async delete(key: string, callOptions: CallOptions = {}) {
      const path = pathOf(key);
      callOptions.signal?.throwIfAborted();
      try {
        await unlink(path);
      } catch (error) {
        const code = systemErrorCode(error);
        if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return;
        // macOS answers EPERM when unlinking a directory; a directory is not an object.
        if (code === 'EPERM' && (await lstat(path).then((stats) => stats.isDirectory(), () => false))) return;
        throw toFsStorageError('delete', key, path, error);
      }
    },
  };
}
