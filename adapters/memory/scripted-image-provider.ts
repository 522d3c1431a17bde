import type { CallOptions, GeneratedImage, ImageGenerationInput, ImageProvider } from '@ring/video-conductor';

/** Options of {@link ScriptedImageProvider}. */
export interface ScriptedImageProviderOptions {
  /** Provider id. @default 'scripted' */
  id?: string;
  /**
   * What the n-th `generateImage` call (0-based) returns, or `{ error }` to make that call
   * throw the error as given. Calls past the end return the default image.
   * `undefined`: every call returns the default image.
   */
  results?: Array<GeneratedImage | { error: unknown }>;
  /**
   * URL of the default image. `undefined`: `https://scripted.image.test/frame-N.png`,
   * N counting calls from 1.
   */
  defaultUrl?: string;
}

/** One `generateImage` call the provider received. */
export interface ScriptedImageProviderCall {
  /** A copy of the input. */
  input: ImageGenerationInput;
}

/**
 * An {@link ImageProvider} that returns scripted results, for first-frame tests. The
 * default image is `{ url, contentType: 'image/png', costUsd: 0.02 }`. An already-aborted
 * `signal` makes a call reject with its reason (the call is still recorded).
 *
 * @example
 * ```ts
 * const images = new ScriptedImageProvider({
 *   results: [{ error: new ModerationError('blocked', { provider: 'scripted' }) }],
 * });
 * await images.generateImage({ prompt: 'a fox' }); // throws the ModerationError
 * await images.generateImage({ prompt: 'a fox' }); // { url: 'https://scripted.image.test/frame-2.png', ... }
 * images.calls.length; // 2
 * ```
 */
export class ScriptedImageProvider implements ImageProvider {
  readonly specificationVersion = 'v1' as const;
  /** Provider id. @default 'scripted' */
  readonly id: string;
  /** Every call received, oldest first. */
  readonly calls: ScriptedImageProviderCall[] = [];

  readonly #results: ReadonlyArray<GeneratedImage | { error: unknown }>;
  readonly #defaultUrl: string | undefined;

  constructor(options: ScriptedImageProviderOptions = {}) {
    this.id = options.id ?? 'scripted';
    this.#results = options.results ?? [];
    this.#defaultUrl = options.defaultUrl;
  }

  /** The scripted result of this call, or the default image. */
  async generateImage(input: ImageGenerationInput, options: CallOptions = {}): Promise<GeneratedImage> {
    this.calls.push({ input: structuredClone(input) });
    options.signal?.throwIfAborted();
    const result = this.#results[this.calls.length - 1];
    if (result === undefined) {
      return {
        url: this.#defaultUrl ?? `https://scripted.image.test/frame-${this.calls.length}.png`,
        contentType: 'image/png',
        costUsd: 0.02,
      };
    }
    if ('error' in result) throw result.error;
    return structuredClone(result);
  }
}
