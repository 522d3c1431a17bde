/**
 * xAI video model ids this adapter knows, as data. Any other id is still sent as given
 * (xAI adds models faster than SDKs ship); the list exists so presets and UIs can be checked.
 *
 * @see https://docs.x.ai/docs/guides/video-generation
 * @example
 * ```ts
 * import { xaiVideoModelIds } from '@ring/video-conductor/xai';
 * xaiVideoModelIds.includes('grok-imagine-video'); // true
 * ```
 */
export const xaiVideoModelIds = ['grok-imagine-video', 'grok-imagine-video-1.5'] as const;

/**
 * One of {@link xaiVideoModelIds}.
 *
 * @example
 * ```ts
 * const model: XaiVideoModelId = 'grok-imagine-video-1.5';
 * ```
 */
export type XaiVideoModelId = (typeof xaiVideoModelIds)[number];

/**
 * xAI image model ids this adapter knows (first frames for image-to-video).
 *
 * @see https://docs.x.ai/docs/guides/image-generations
 * @example
 * ```ts
 * import { xaiImageModelIds } from '@ring/video-conductor/xai';
 * xaiImageModelIds[0]; // 'grok-imagine-image'
 * ```
 */
export const xaiImageModelIds = ['grok-imagine-image'] as const;

/**
 * One of {@link xaiImageModelIds}.
 *
 * @example
 * ```ts
 * const model: XaiImageModelId = 'grok-imagine-image';
 * ```
 */
export type XaiImageModelId = (typeof xaiImageModelIds)[number];

/**
 * The image model used when `ImageGenerationInput.model` is not given.
 *
 * @default 'grok-imagine-image'
 * @example
 * ```ts
 * await image.generateImage({ prompt: 'A fox', model: xaiDefaultImageModelId });
 * ```
 */
export const xaiDefaultImageModelId: XaiImageModelId = 'grok-imagine-image';
