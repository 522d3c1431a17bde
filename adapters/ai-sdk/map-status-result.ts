import type { ProviderVideoStatus, Warning } from '@ring/video-conductor';
import type { SharedV4ProviderMetadata, VideoModelV4OperationStatusResult, VideoModelV4VideoData } from './ai-sdk-types.js';
import { statusFromFailureMessage } from './classify-failure.js';
import { fromAiSdkWarnings } from './map-warnings.js';
import { readMetadataFacts } from './metadata-facts.js';

/**
 * Maps a `doStatus` result to the port's status:
 *
 * - `pending` → `pending`, with `progress` when the provider metadata has one;
 * - `completed` → `done` with the first video: a `url` as is; `base64` or `binary` bytes as a
 *   `data:<mediaType>;base64,…` URL, which the conductor's `fetch` downloads like any other
 *   (extra videos are ignored with a warning); an `uploaded` video (delivered to storage the
 *   caller manages) or none at all → `failed`, not retryable;
 * - `error` → `moderated`, `expired` or `failed`, read from its sentence
 *   ({@link statusFromFailureMessage}).
 *
 * `durationSec` comes from the metadata, `usage.costUsd` from `costUsdOf`, warnings are mapped.
 */
export function toProviderVideoStatus(
  result: VideoModelV4OperationStatusResult,
  costUsdOf: (metadata: SharedV4ProviderMetadata | undefined) => number | undefined,
): ProviderVideoStatus {
  const facts = readMetadataFacts(result.providerMetadata);
  switch (result.status) {
    case 'pending': {
      const warnings = fromAiSdkWarnings(result.warnings);
      return {
        state: 'pending',
        ...(facts.progress === undefined ? {} : { progress: facts.progress }),
        ...(warnings.length === 0 ? {} : { warnings }),
      };
    }
    case 'completed': {
      const warnings = fromAiSdkWarnings(result.warnings);
      const videos = Array.isArray(result.videos) ? result.videos : [];
      const first = videos[0];
      if (first === undefined) {
        return { state: 'failed', code: 'NO_VIDEO', message: 'The model reported the job completed but returned no video.', retryable: false };
      }
      const url = urlOf(first);
      if (url === undefined) {
        return {
          state: 'failed',
          code: 'VIDEO_NOT_DOWNLOADABLE',
          message: 'The model delivered the video to caller-managed storage ("uploaded"): there is nothing to download.',
          retryable: false,
        };
      }
      if (videos.length > 1) warnings.push({ type: 'other', message: `The model returned ${videos.length} videos; only the first is kept.` } satisfies Warning);
      const costUsd = costUsdOf(result.providerMetadata);
      const contentType = first.mediaType && first.mediaType !== 'application/octet-stream' ? first.mediaType : undefined;
      return {
        state: 'done',
        video: {
          url,
          ...(facts.durationSec === undefined ? {} : { durationSec: facts.durationSec }),
          ...(contentType === undefined ? {} : { contentType }),
        },
        ...(costUsd === undefined ? {} : { usage: { costUsd } }),
        ...(warnings.length === 0 ? {} : { warnings }),
      };
    }
    case 'error':
      return statusFromFailureMessage(typeof result.error === 'string' ? result.error : '');
    default:
      return {
        state: 'pending',
        warnings: [{ type: 'other', message: `The model returned an unknown status "${String((result as { status?: unknown }).status).slice(0, 64)}"; treating the job as pending.` }],
      };
  }
}

/** Where the video can be downloaded: its URL, or its bytes as a base64 `data:` URL. */
function urlOf(video: VideoModelV4VideoData): string | undefined {
  const mediaType = video.mediaType || 'video/mp4';
  switch (video.type) {
    case 'url':
      return video.url;
    case 'base64':
      return `data:${mediaType};base64,${video.data}`;
    case 'binary':
      return `data:${mediaType};base64,${Buffer.from(video.data.buffer, video.data.byteOffset, video.data.byteLength).toString('base64')}`;
    default:
      return undefined;
  }
}
