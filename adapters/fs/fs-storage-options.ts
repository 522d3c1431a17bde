/** Options of {@link createFsStorage}. */
export interface FsStorageOptions {
  /**
   * Root directory of the objects; a key `a/b.mp4` is stored as `<directory>/a/b.mp4`.
   * A relative path is resolved against `process.cwd()` once, when the storage is created.
   * The directory (and every sub-directory a key needs) is created on the first `put`.
   *
   * @example './.video-conductor/media'
   */
  directory: string;
  /**
   * Absolute URL the directory is served from (by a CDN, nginx, a static file route…).
   * `url(key)` returns it followed by the key, each key segment URI-encoded; a missing
   * trailing `/` is added. `undefined`: `url(key)` returns the object's `file://` URL.
   *
   * @default undefined
   * @example 'https://media.example.com/videos/'
   */
  publicBaseUrl?: string;
}
