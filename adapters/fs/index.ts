/**
 * `@ring/video-conductor/fs` — a `Storage` on the local file system, the SDK's
 * embedded default (`./.video-conductor/media` when nothing else is configured).
 *
 * Writes are atomic (temporary file in the target's directory, then `rename`), streamed
 * with backpressure (memory stays at about one chunk whatever the video's size) and leave
 * nothing behind when the body fails or the call is aborted. Keys are validated with
 * `validateStorageKey`, so no key escapes the directory. No dependency beyond Node.js.
 *
 * @example
 * ```ts
 * import { createFsStorage } from '@ring/video-conductor/fs';
 *
 * const storage = createFsStorage({
 *   directory: '/var/lib/videos',
 *   publicBaseUrl: 'https://media.example.com/videos/',
 * });
 * const stored = await storage.put('2025/kyiv-dawn.mp4', response.body!, { contentType: 'video/mp4' });
 * stored.url; // 'https://media.example.com/videos/2025/kyiv-dawn.mp4'
 * ```
 *
 * @module
 */
export { createFsStorage } from './create-fs-storage.js';
export type { FsStorageOptions } from './fs-storage-options.js';
