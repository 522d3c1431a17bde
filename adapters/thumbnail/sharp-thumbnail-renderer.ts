import type { RenderedThumbnail, ThumbnailRenderer, ThumbnailRenderInput, Warning } from '@ring/video-conductor';
import { extractVideoFrame, ffmpegInputOf } from './extract-video-frame.js';
import { loadSharp, type Sharp } from './load-sharp.js';
import { createTextMeasurer } from './fit-text.js';
import { buildOverlaySvg } from './overlay-svg.js';
import { readFirstFrame } from './read-first-frame.js';
import {
  defaultFfmpegTimeoutMs,
  defaultThumbnailFont,
  defaultThumbnailFormat,
  defaultThumbnailQuality,
  defaultThumbnailWidth,
  type SharpThumbnailRendererOptions,
  type ThumbnailFormat,
} from './sharp-thumbnail-options.js';
import { thumbnailError } from './thumbnail-error.js';

const contentTypes: Record<ThumbnailFormat, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

/**
 * Creates a `ThumbnailRenderer` (id `sharp`) that draws the request's text — title,
 * subtitle, a band in the brand colour at the top, center or bottom — over the job's first
 * frame and encodes it with [sharp](https://sharp.pixelplumbing.com/) (an optional peer
 * dependency, loaded at the first render).
 *
 * The picture comes from `firstFrameUrl` (`data:`, `file://` or `http(s)`) when the job had
 * one — an `http(s)` URL (often the caller's `imageUrl`) is fetched through the core URL
 * policy (`urlPolicy`: https only, public addresses only, redirects re-checked by default)
 * and its failures are reported in one fixed sentence, never with what the URL answered; otherwise from the stored video with `ffmpeg` when `ffmpegPath` is set; otherwise
 * the renderer declines with `{ skipped: { type: 'unsupported', field: 'thumbnail' } }`
 * — a warning on the job, never a failure. The output is `width` pixels wide and keeps the
 * frame's aspect ratio.
 *
 * @throws VideoConductorError (from `render`) `MISSING_PEER_DEPENDENCY` without sharp,
 *   `FIRST_FRAME_UNAVAILABLE`, `FRAME_EXTRACTION_FAILED` or `THUMBNAIL_RENDER_FAILED`; the
 *   conductor records any of them as a warning.
 * @example
 * ```ts
 * import { createVideoConductor } from '@ring/video-conductor';
 * import { createSharpThumbnailRenderer } from '@ring/video-conductor/thumbnail';
 *
 * const conductor = createVideoConductor({
 *   provider, storage, ledger,
 *   thumbnailRenderer: createSharpThumbnailRenderer({ width: 1280, format: 'webp', ffmpegPath: 'ffmpeg' }),
 * });
 * await conductor.generate({ prompt: 'A drone shot over Kyiv at dawn', thumbnail: { title: 'Kyiv', brandColor: '#0057b7' } });
 * ```
 */
export function createSharpThumbnailRenderer(options: SharpThumbnailRendererOptions = {}): ThumbnailRenderer {
  const width = options.width ?? defaultThumbnailWidth;
  if (!Number.isInteger(width) || width < 16 || width > 8192) {
    throw new RangeError(`createSharpThumbnailRenderer: width must be a whole number of pixels from 16 to 8192, got ${String(options.width)}`);
  }
  const format = options.format ?? defaultThumbnailFormat;
  if (!(format in contentTypes)) {
    throw new RangeError(`createSharpThumbnailRenderer: format must be jpeg, png or webp, got ${String(options.format)}`);
  }
  const quality = Math.min(100, Math.max(1, Math.round(options.quality ?? defaultThumbnailQuality)));
  const font = options.font ?? defaultThumbnailFont;
  const ffmpegTimeoutMs = options.ffmpegTimeoutMs ?? defaultFfmpegTimeoutMs;
  let sharpLoading: Promise<Sharp> | undefined;

  return {
    specificationVersion: 'v1',
    id: 'sharp',

    async render(input: ThumbnailRenderInput, callOptions): Promise<RenderedThumbnail | { skipped: Warning }> {
      const signal = callOptions?.signal;
      signal?.throwIfAborted();
      let source: Uint8Array;
      let remote = false;
      if (input.firstFrameUrl !== undefined && input.firstFrameUrl !== '') {
        source = await readFirstFrame(input.firstFrameUrl, { fetch: options.fetch ?? globalThis.fetch, signal, urlPolicy: options.urlPolicy });
        remote = /^https?:/i.test(input.firstFrameUrl);
      } else if (options.ffmpegPath === undefined) {
        return skipped('the job has no first frame, and taking one from the video needs the ffmpegPath option');
      } else {
        const ffmpegInput = ffmpegInputOf(input.videoUrl);
        if (ffmpegInput === undefined) {
          return skipped(`the job has no first frame, and ffmpeg cannot read the stored video's ${schemeOf(input.videoUrl)} URL`);
        }
        source = await extractVideoFrame(ffmpegInput, { ffmpegPath: options.ffmpegPath, timeoutMs: ffmpegTimeoutMs, signal });
      }

      sharpLoading ??= loadSharp();
      const sharp = await sharpLoading.catch((error: unknown) => {
        sharpLoading = undefined; // an `npm install sharp` later in the process should work
        throw error;
      });
      signal?.throwIfAborted();
      try {
        // Honour EXIF orientation, then scale to the target width; the height follows.
        const { data: frame, info } = await sharp(source, { failOn: 'error' }).rotate().resize({ width }).png().toBuffer({ resolveWithObject: true });
        const overlay = await buildOverlaySvg(input.spec, { width: info.width, height: info.height }, font, createTextMeasurer(sharp, font));
        let pipeline = sharp(frame);
        if (overlay !== undefined) pipeline = pipeline.composite([{ input: Buffer.from(overlay.svg), top: 0, left: 0 }]);
        pipeline = format === 'png' ? pipeline.png() : format === 'webp' ? pipeline.webp({ quality }) : pipeline.flatten({ background: '#000000' }).jpeg({ quality, mozjpeg: true });
        const encoded = await pipeline.toBuffer();
        signal?.throwIfAborted();
        return {
          data: new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength),
          contentType: contentTypes[format],
          width: info.width,
          height: info.height,
        };
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        // For a downloaded frame, sharp's words would tell the caller what the URL answered.
        const detail = remote ? 'the downloaded first frame is not an image it can read' : (error as Error)?.message ?? String(error);
        throw thumbnailError(`Rendering the thumbnail with sharp failed: ${detail}`, {
          code: 'THUMBNAIL_RENDER_FAILED',
          cause: error,
        });
      }
    },
  };
}

function skipped(detail: string): { skipped: Warning } {
  return { skipped: { type: 'unsupported', field: 'thumbnail', detail } };
}

function schemeOf(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(url);
  return match === null ? 'relative' : `${match[1]!.toLowerCase()}:`;
}
