import type { ProviderVideoStatus, Warning } from '@ring/video-conductor';
import type { AiSdkStatusResult, AiSdkVideoDataLike, SharedV4ProviderMetadata } from './ai-sdk-types.js';
import { statusFromFailureMessage } from './classify-failure.js';
import { fromAiSdkWarnings } from './map-warnings.js';
import { readMetadataFacts } from './metadata-facts.js';
import type { AiSdkProviderProfile } from './provider-profile.js';

/**
 * Maps a `doStatus` result to the port's status:
 *
 * - `pending` → `pending`, with `progress` when the provider metadata has one;
 * - `completed` flagged by the provider (`profile.moderationOfCompleted`, e.g. fal's
 *   `has_nsfw_concepts: [true]`) → `moderated`: nothing is downloaded or stored;
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
  result: AiSdkStatusResult,
  costUsdOf: (metadata: SharedV4ProviderMetadata | undefined) => number | undefined,
  profile?: AiSdkProviderProfile,
): ProviderVideoStatus {
  const metadata = result.providerMetadata as SharedV4ProviderMetadata | undefined;
  const facts = readMetadataFacts(metadata);
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
      const moderation = profile?.moderationOfCompleted(result);
      if (moderation !== undefined) return { state: 'moderated', message: moderation };
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
      const costUsd = costUsdOf(metadata);
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
function urlOf(video: AiSdkVideoDataLike): string | undefined {
  const mediaType = video.mediaType || 'video/mp4';
  const { data } = video;
  if (video.type === 'url' && typeof video.url === 'string') return video.url;
  if (video.type === 'base64' && typeof data === 'string') return `data:${mediaType};base64,${data}`;
  if (video.type === 'binary' && data instanceof Uint8Array) {
    return `data:${mediaType};base64,${Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64')}`;
  }
  return undefined;
}
