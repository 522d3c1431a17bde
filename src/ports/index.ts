export type { CallOptions } from './call-options.js';
export type { Warning } from './warning.js';
export type {
  ProviderSubmitResult,
  ProviderVideoInput,
  ProviderVideoStatus,
  VideoOperation,
  VideoProvider,
  VideoProviderCapabilities,
} from './video-provider.js';
export type { GeneratedImage, ImageGenerationInput, ImageProvider } from './image-provider.js';
export type { PutMeta, Storage, StoredObject } from './storage.js';
export type { ClaimStaleInput, Ledger, VideoCostGroup, VideoCostSummaryQuery, VideoRecordQuery } from './ledger.js';
export type {
  ConductorRecordMetadata,
  FirstFrameInfo,
  NewVideoRecord,
  ThumbnailInfo,
  VideoAudit,
  VideoRecord,
  VideoRecordError,
  VideoRecordPatch,
  VideoStatus,
} from './video-record.js';
export type { RenderedThumbnail, ThumbnailRenderInput, ThumbnailRenderer, ThumbnailSpec } from './thumbnail-renderer.js';
