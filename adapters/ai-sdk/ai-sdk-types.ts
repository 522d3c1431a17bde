/**
 * The AI SDK types the bridge uses, under the names of `@ai-sdk/provider`'s `video-model/v4`
 * folder. `@ai-sdk/provider` publishes them with an `Experimental_` prefix; importing them
 * here, type-only, keeps the rest of the adapter readable and the package out of the
 * JavaScript output.
 */
export type {
  Experimental_VideoModelV4 as VideoModelV4,
  Experimental_VideoModelV4CallOptions as VideoModelV4CallOptions,
  Experimental_VideoModelV4File as VideoModelV4File,
  Experimental_VideoModelV4OperationStartResult as VideoModelV4OperationStartResult,
  Experimental_VideoModelV4OperationStatusResult as VideoModelV4OperationStatusResult,
  Experimental_VideoModelV4VideoData as VideoModelV4VideoData,
  JSONValue,
  SharedV4ProviderMetadata,
  SharedV4ProviderOptions,
  SharedV4Warning,
} from '@ai-sdk/provider';

/**
 * What the bridge needs of an AI SDK video model, written out structurally so that a model
 * built against any `@ai-sdk/provider` 4.x compiles — `@ai-sdk/fal` pins its own copy
 * (4.0.14 in `@ai-sdk/fal` 3.0.41) whose `JSONValue` differs from a newer one in the app,
 * and the package's nominal `Experimental_VideoModelV4` then refuses the model (TS2345).
 *
 * The methods are declared with method syntax and `never` parameters on purpose: any
 * `doStart(options)` / `doStatus(options)` fits, whatever call-option type its version
 * declares. The bridge builds the options from the 4.x interface it was compiled with.
 *
 * @example
 * ```ts
 * import { createFal } from '@ai-sdk/fal';
 * const model: AiSdkVideoModel = createFal({ apiKey }).video('luma-dream-machine/ray-2-flash');
 * ```
 */
export interface AiSdkVideoModel {
  /** `v4` for the models this bridge was written against; not checked. */
  readonly specificationVersion?: string;
  /** The AI SDK provider name, e.g. `fal.video`, `google.generative-ai`, `replicate.video`. */
  readonly provider: string;
  /** The model id, e.g. `luma-dream-machine/ray-2-flash`. */
  readonly modelId: string;
  /** Starts a job (the asynchronous flow). Models without it cannot be bridged. */
  doStart?(options: never): PromiseLike<AiSdkStartResult>;
  /** Reads a job's status (the asynchronous flow). Models without it cannot be bridged. */
  doStatus?(options: never): PromiseLike<AiSdkStatusResult>;
}

/** A warning as any 4.x `SharedV4Warning` carries it. */
export interface AiSdkWarningLike {
  readonly type: string;
  readonly feature?: string;
  readonly details?: string;
  readonly setting?: string;
  readonly message?: string;
}

/** What `doStart` answers, as far as the bridge reads it. */
export interface AiSdkStartResult {
  /** Opaque, JSON-serialisable; everything `doStatus` needs. */
  readonly operation: unknown;
  readonly warnings?: readonly AiSdkWarningLike[];
}

/** One video of a completed status, as far as the bridge reads it. */
export interface AiSdkVideoDataLike {
  /** `url`, `base64`, `binary` or `uploaded`. */
  readonly type: string;
  readonly url?: string;
  readonly data?: string | Uint8Array;
  readonly mediaType?: string;
}

/** What `doStatus` answers, as far as the bridge reads it. */
export interface AiSdkStatusResult {
  /** `pending`, `completed` or `error`. */
  readonly status: string;
  /** The failure sentence of an `error` status. */
  readonly error?: unknown;
  readonly videos?: readonly AiSdkVideoDataLike[];
  readonly warnings?: readonly AiSdkWarningLike[];
  /** Keyed by provider, e.g. `{ fal: { has_nsfw_concepts: [false] } }`. */
  readonly providerMetadata?: Readonly<Record<string, unknown>>;
  /** The HTTP response headers of the read, when the model passes them on. */
  readonly response?: { readonly headers?: Readonly<Record<string, string>> | undefined };
}
