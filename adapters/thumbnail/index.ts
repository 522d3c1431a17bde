/**
 * `@ring/video-conductor/thumbnail` — a `ThumbnailRenderer` over
 * [sharp](https://sharp.pixelplumbing.com/): the request's title and subtitle on a band in
 * the brand colour, drawn over the job's first frame (or a frame `ffmpeg` takes from the
 * video) and encoded as JPEG, PNG or WebP.
 *
 * - `sharp` is an optional peer dependency, loaded at the first render; without it a render
 *   rejects with `MISSING_PEER_DEPENDENCY` naming the package, and the conductor records a
 *   warning on the job.
 * - A job without a first frame and a renderer without `ffmpegPath` gives
 *   `{ skipped: { type: 'unsupported', field: 'thumbnail' } }`: a missing thumbnail is never
 *   a failed job.
 * - Caller text is XML-escaped before it goes into the SVG overlay.
 *
 * @example
 * ```ts
 * import { createVideoConductor } from '@ring/video-conductor';
 * import { createSharpThumbnailRenderer } from '@ring/video-conductor/thumbnail';
 *
 * const conductor = createVideoConductor({ provider, storage, ledger, thumbnailRenderer: createSharpThumbnailRenderer() });
 * const result = await conductor.generate({
 *   prompt: 'The fox turns its head',
 *   imageUrl: 'https://cdn.example.com/fox.png',
 *   thumbnail: { title: 'The fox', subtitle: 'Episode 1', brandColor: '#ff3366', position: 'bottom' },
 * });
 * result.thumbnail; // { storageKey: 'videos/<id>.thumbnail.jpg', url, contentType: 'image/jpeg', width: 1280, height: 720 }
 * ```
 *
 * @module
 */
export { createSharpThumbnailRenderer } from './sharp-thumbnail-renderer.js';
export {
  defaultFfmpegTimeoutMs,
  defaultThumbnailFont,
  defaultThumbnailFormat,
  defaultThumbnailQuality,
  defaultThumbnailWidth,
  type SharpThumbnailRendererOptions,
  type ThumbnailFormat,
} from './sharp-thumbnail-options.js';
