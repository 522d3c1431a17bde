import type { UrlPolicyOptions } from '@ring/video-conductor';

/**
 * Image formats the sharp renderer writes; the thumbnail's `contentType` is `image/<format>`.
 * @example
 * ```ts
 * const format: ThumbnailFormat = 'webp';
 * ```
 */
export type ThumbnailFormat = 'jpeg' | 'png' | 'webp';

/**
 * Options of {@link createSharpThumbnailRenderer}. Every field is optional.
 * @example
 * ```ts
 * const options: SharpThumbnailRendererOptions = { width: 960, format: 'webp', quality: 80, ffmpegPath: '/usr/bin/ffmpeg' };
 * ```
 */
export interface SharpThumbnailRendererOptions {
  /**
   * Width of the thumbnail, in pixels; the height follows the source frame's aspect ratio.
   * @default 1280
   */
  width?: number;
  /** Encoding of the thumbnail. @default 'jpeg' */
  format?: ThumbnailFormat;
  /** Encoder quality for `jpeg` and `webp`, 1–100 (ignored by `png`). @default 85 */
  quality?: number;
  /**
   * Path of an `ffmpeg` executable (e.g. `'ffmpeg'` to use the `PATH`). When a job has no
   * first frame, one frame is taken from the stored video at 0.5 s with it.
   * `undefined`: no frame extraction — such jobs get a `{ skipped }` warning instead.
   */
  ffmpegPath?: string;
  /** Longest an `ffmpeg` run may take before it is killed, in ms. @default 30000 */
  ffmpegTimeoutMs?: number;
  /** Downloads `http(s)` first frames. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /**
   * Which `http(s)` first-frame URLs may be fetched (the caller's `imageUrl` reaches the
   * server here). Every redirect hop is re-checked; a refusal is `URL_REFUSED`
   * ("refused by URL policy"). Frames served on loopback (tests, a local image server) need
   * `{ allowHttp: true, allowPrivateAddresses: true }`.
   * @default {} (https only, public addresses only, at most 5 redirects)
   */
  urlPolicy?: UrlPolicyOptions;
  /**
   * CSS `font-family` list of the overlay text, resolved by fontconfig on the machine that
   * renders. @default 'DejaVu Sans, Helvetica, Arial, sans-serif'
   */
  font?: string;
}

/**
 * Default thumbnail width, in pixels.
 * @example
 * ```ts
 * defaultThumbnailWidth; // 1280
 * ```
 */
export const defaultThumbnailWidth = 1280;
/**
 * Default thumbnail encoding.
 * @example
 * ```ts
 * defaultThumbnailFormat; // 'jpeg'
 * ```
 */
export const defaultThumbnailFormat: ThumbnailFormat = 'jpeg';
/**
 * Default encoder quality of `jpeg` and `webp` thumbnails.
 * @example
 * ```ts
 * defaultThumbnailQuality; // 85
 * ```
 */
export const defaultThumbnailQuality = 85;
/**
 * Default overlay font list.
 * @example
 * ```ts
 * defaultThumbnailFont; // 'DejaVu Sans, Helvetica, Arial, sans-serif'
 * ```
 */
export const defaultThumbnailFont = 'DejaVu Sans, Helvetica, Arial, sans-serif';
/**
 * Default limit of one `ffmpeg` run, in ms.
 * @example
 * ```ts
 * defaultFfmpegTimeoutMs; // 30000
 * ```
 */
export const defaultFfmpegTimeoutMs = 30_000;
