import type { ProviderVideoStatus, Warning } from '@ring/video-conductor';
import { z } from 'zod';
import { createInvalidResponseError } from './map-xai-error.js';
import { parseRetryAfter } from '@ring/video-conductor/provider-kit';
import { redactSecret } from './redact-secret.js';
import { parseJsonBody, type XaiHttpResponse } from './xai-http-client.js';

/** 10^10 ticks make one US dollar in xAI's `cost_in_usd_ticks`. */
const ticksPerUsd = 1e10;

/** A number where one is expected; anything else reads as absent rather than failing the job. */
const lenientNumber = z.number().nullish().catch(undefined);

const submitResponseSchema = z.object({ request_id: z.string().nullish() });

// Only the fields read, all optional: xAI omits `status` right after submit and may add fields.
const statusResponseSchema = z.object({
  status: z.string().nullish().catch(undefined),
  progress: lenientNumber,
  video: z
    .object({
      url: z.string().nullish().catch(undefined),
      duration: lenientNumber,
      respect_moderation: z.boolean().nullish().catch(undefined),
    })
    .nullish()
    .catch(undefined),
  usage: z.object({ cost_in_usd_ticks: lenientNumber }).nullish().catch(undefined),
  error: z
    .union([z.string(), z.object({ code: z.string().nullish(), message: z.string().nullish() })])
    .nullish()
    .catch(undefined),
});

/** The request id of an accepted job; a 2xx answer without one is `INVALID_RESPONSE`. */
export function mapSubmitResponse(response: XaiHttpResponse): string {
  const body = parseJsonBody(response, submitResponseSchema);
  const requestId = body?.request_id;
  if (typeof requestId !== 'string' || requestId === '') {
    throw createInvalidResponseError({
      operation: response.operation,
      status: response.status,
      detail: 'no request_id in the answer',
    });
  }
  return requestId;
}

/**
 * Maps a status read (`GET /videos/{request_id}`) to the port's status, tolerant of what
 * the API really returns:
 *
 * - HTTP 202 (whatever its body), or no `status` and no `video.url` → `pending` (with
 *   `progress` and any `Retry-After` as `retryAfterMs`);
 * - no `status` but a `video.url` → read as `done`;
 * - `done` with `video.respect_moderation === false` → `moderated`;
 * - `done` with `video.url` → `done` (`video.duration` → `durationSec`,
 *   `usage.cost_in_usd_ticks` → `usage.costUsd`); without a URL → `failed` `MISSING_VIDEO_URL`;
 * - `expired` → `expired`; `failed` → `failed` with xAI's code and message;
 * - any other status → `pending` plus an `other` warning (never a crash).
 */
export function mapVideoStatus(response: XaiHttpResponse, apiKey: string | undefined, now: number): ProviderVideoStatus {
  // HTTP 202 means "accepted, still working" whatever the body says (docs/providers/xai.md).
  const accepted = response.status === 202;
  const body = accepted ? readLeniently(response) : parseJsonBody(response, statusResponseSchema);
  const progress = clampProgress(body?.progress);
  const costUsd = typeof body?.usage?.cost_in_usd_ticks === 'number' ? body.usage.cost_in_usd_ticks / ticksPerUsd : undefined;
  const usage = costUsd === undefined ? {} : { usage: { costUsd } };

  const pending = (warnings?: Warning[]): ProviderVideoStatus => {
    const retryAfterMs = parseRetryAfter(response.headers, now);
    return {
      state: 'pending',
      ...(progress === undefined ? {} : { progress }),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      ...(warnings === undefined ? {} : { warnings }),
    };
  };

  // A 200 without `status` but with a video URL is a finished job (docs/providers/xai.md).
  const hasVideoUrl = typeof body?.video?.url === 'string' && body.video.url !== '';
  const status = accepted ? 'pending' : (body?.status ?? (hasVideoUrl ? 'done' : undefined));
  switch (status) {
    case undefined:
    case 'pending':
      return pending();
    case 'done': {
      if (body?.video?.respect_moderation === false) {
        return { state: 'moderated', message: 'xAI moderation blocked the generated video.', ...usage };
      }
      const url = body?.video?.url;
      if (typeof url !== 'string' || url === '') {
        return {
          state: 'failed',
          code: 'MISSING_VIDEO_URL',
          message: `${response.operation} reported the job done but returned no video URL.`,
          retryable: false,
        };
      }
      const duration = body?.video?.duration;
      return {
        state: 'done',
        video: { url, ...(typeof duration === 'number' && duration > 0 ? { durationSec: duration } : {}) },
        ...usage,
      };
    }
    case 'expired':
      return { state: 'expired' };
    case 'failed': {
      const error = body?.error;
      // The code is upstream text like the message: either may echo the key.
      const code = redactSecret((typeof error === 'object' ? error?.code : undefined) || 'generation_failed', apiKey).slice(0, 200);
      const message = (typeof error === 'string' ? error : error?.message) || 'xAI reported that the video generation failed.';
      return { state: 'failed', code, message: redactSecret(message, apiKey), retryable: isRetryableFailureCode(code) };
    }
    default:
      return pending([
        {
          type: 'other',
          message: `xAI returned an unknown job status "${status.slice(0, 64)}"; treating the job as pending.`,
        },
      ]);
  }
}

/** A 202 body is only a hint (progress): one that cannot be read is ignored, not an error. */
function readLeniently(response: XaiHttpResponse): z.infer<typeof statusResponseSchema> | undefined {
  try {
    return parseJsonBody(response, statusResponseSchema);
  } catch {
    return undefined;
  }
}

function clampProgress(progress: number | null | undefined): number | undefined {
  if (typeof progress !== 'number' || !Number.isFinite(progress)) return undefined;
  return Math.min(100, Math.max(0, progress));
}

/** A failed job is worth submitting again only when its code names a transient cause. */
function isRetryableFailureCode(code: string): boolean {
  return /time[_ -]?out|timed[_ -]?out|internal|unavailable|overload|capacity|rate[_ -]?limit|retry|transient/i.test(code);
}
