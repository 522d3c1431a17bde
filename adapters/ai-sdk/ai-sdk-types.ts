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
