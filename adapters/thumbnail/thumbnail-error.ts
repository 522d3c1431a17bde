import { VideoConductorError } from '@ring/video-conductor';

/**
 * Creates the error the sharp renderer throws: a `VideoConductorError` with a stable code
 * (`MISSING_PEER_DEPENDENCY`, `FIRST_FRAME_UNAVAILABLE`, `FRAME_EXTRACTION_FAILED`,
 * `THUMBNAIL_RENDER_FAILED`). The conductor turns any of them into a warning on the job;
 * a missing thumbnail never fails a job.
 */
export function thumbnailError(
  message: string,
  options: { code: string; isRetryable?: boolean; cause?: unknown },
): VideoConductorError {
  return new VideoConductorError(message, { code: options.code, isRetryable: options.isRetryable ?? false, cause: options.cause });
}
