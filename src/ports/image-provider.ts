import type { CallOptions } from './call-options.js';

/** A request for one still image (a first frame for image-to-video). */
export interface ImageGenerationInput {
  prompt: string;
  /** Aspect ratio such as `16:9`; `undefined`: the provider's default. */
  aspectRatio?: string;
  /** Provider model id; `undefined`: the provider's default image model. */
  model?: string;
}

/** A generated image: a URL, or the bytes, or both. */
export interface GeneratedImage {
  /** Where the image can be fetched (possibly temporary). `undefined` when only bytes are returned. */
  url?: string;
  /** The encoded image. `undefined` when only a URL is returned. */
  data?: Uint8Array;
  /** MIME type, e.g. `image/png`. */
  contentType: string;
  /** What the image cost in USD, when the provider reports it. */
  costUsd?: number;
}

/**
 * A synchronous image generation backend, used to make first frames.
 * Rejects with `ModerationError` when the prompt is blocked.
 */
export interface ImageProvider {
  readonly specificationVersion: 'v1';
  /** Stable provider id, e.g. `xai`. */
  readonly id: string;
  generateImage(input: ImageGenerationInput, options?: CallOptions): Promise<GeneratedImage>;
}
