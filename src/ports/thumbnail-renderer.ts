import type { CallOptions } from './call-options.js';
import type { Warning } from './warning.js';

/** What a thumbnail shows, as the request gave it. */
export interface ThumbnailSpec {
  /** Text drawn over the frame; `undefined`: no text. */
  title?: string;
  subtitle?: string;
  /** CSS colour of the text band, e.g. `#ff3366`; `undefined`: the renderer's default. */
  brandColor?: string;
  /** Where the text sits. `undefined`: `bottom`. */
  position?: 'top' | 'center' | 'bottom';
}

/** Input of {@link ThumbnailRenderer.render}. */
export interface ThumbnailRenderInput {
  spec: ThumbnailSpec;
  /**
   * The image-to-video still (given `imageUrl` or generated first frame), when the job had
   * one. `undefined`: the renderer must take a frame from the video, or decline.
   */
  firstFrameUrl?: string;
  /** The stored video (permanent URL; `file://` for file-system storage). */
  videoUrl: string;
  /** The video's aspect ratio, e.g. `9:16`, when known. */
  aspectRatio?: string;
}

/** A rendered thumbnail. */
export interface RenderedThumbnail {
  /** The encoded image. */
  data: Uint8Array;
  /** MIME type, e.g. `image/jpeg`. */
  contentType: string;
  /** Pixel size. */
  width: number;
  height: number;
}

/**
 * Draws a thumbnail for a finished video. Returns `{ skipped }` with a warning when it cannot
 * (no first frame and no way to take one from the video): a missing thumbnail is never a
 * failed job.
 */
export interface ThumbnailRenderer {
  readonly specificationVersion: 'v1';
  /** Stable renderer id, e.g. `sharp`. */
  readonly id: string;
  render(input: ThumbnailRenderInput, options?: CallOptions): Promise<RenderedThumbnail | { skipped: Warning }>;
}
