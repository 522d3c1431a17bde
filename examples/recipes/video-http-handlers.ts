/**
 * Web-standard HTTP handlers (`Request` → `Response`) for a video API: submit a job and answer
 * 202 at once with its record id, then report its status. Any runtime with `Request` and
 * `Response` can call them: Next.js route handlers (next-app/), serverless functions
 * (serverless.ts), Hono, Bun or Deno servers.
 *
 * The job is finished elsewhere, by a process running `finishJobs` (recover-worker.ts or the
 * scheduled function in serverless.ts): a submitted row nobody touches becomes stale and is
 * taken over.
 */
import {
  BudgetExceededError,
  InvalidRequestError,
  RateLimitError,
  VideoConductorError,
  type GenerateVideoRequest,
  type VideoConductor,
  type VideoStatus,
} from '@ring/video-conductor';

/** Statuses after which nothing more will happen to a job. */
const finalStatuses: readonly VideoStatus[] = ['succeeded', 'moderated', 'failed', 'expired', 'cancelled'];

/**
 * `POST /api/videos` with a JSON `GenerateVideoRequest` body. Answers `202 { recordId, status,
 * estimatedCostUsd }` with `Location: /api/videos/<recordId>` once the provider accepted the
 * job (a few seconds), `400` for an invalid request (nothing written or spent), `402` over
 * budget, `429` when the provider is rate limiting, `502` for other failures.
 *
 * @param userId The caller, stored as `audit.actorId` (so `maxUsdPerActor` applies per user).
 */
export async function submitVideo(conductor: VideoConductor, request: Request, userId?: string): Promise<Response> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return Response.json({ error: { code: 'INVALID_REQUEST', message: 'The body must be JSON' } }, { status: 400 });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return Response.json({ error: { code: 'INVALID_REQUEST', message: 'The body must be a JSON object' } }, { status: 400 });
  }
  // The conductor validates every field (and refuses unknown ones); only the audit is ours to set.
  const videoRequest = { ...(body as GenerateVideoRequest), ...(userId === undefined ? {} : { audit: { actorId: userId } }) };
  try {
    const submitted = await conductor.submit(videoRequest);
    return Response.json(
      { recordId: submitted.recordId, status: 'submitted', estimatedCostUsd: submitted.plan.estimatedCostUsd, warnings: submitted.warnings },
      { status: 202, headers: { Location: `/api/videos/${submitted.recordId}` } },
    );
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * `GET /api/videos/<recordId>`. Answers `200 { recordId, status, done, video, error, … }`:
 * `video` is set only once the video is stored (`status: 'succeeded'`), so a client cannot
 * mistake a provider's temporary URL for the permanent one; `done: false` means poll again.
 */
export async function videoStatus(conductor: VideoConductor, recordId: string): Promise<Response> {
  let record;
  try {
    record = await conductor.get(recordId);
  } catch (error) {
    return errorResponse(error);
  }
  if (record === null) return Response.json({ error: { code: 'RECORD_NOT_FOUND', message: `No video ${recordId}` } }, { status: 404 });
  return Response.json({
    recordId: record.id,
    status: record.status,
    done: finalStatuses.includes(record.status),
    // `conductor.get` mints the URL of an expiring (presigned) storage fresh on every read.
    video: record.status === 'succeeded' && record.url !== null ? { url: record.url, sha256: record.sha256, sizeBytes: record.sizeBytes } : null,
    error: record.error === null ? null : { code: record.error.code, message: record.error.message },
    estimatedCostUsd: record.estimatedCostUsd,
    actualCostUsd: record.actualCostUsd,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  });
}

function errorResponse(error: unknown): Response {
  if (InvalidRequestError.isInstance(error)) {
    return Response.json({ error: { code: error.code, message: error.message, field: error.field } }, { status: 400 });
  }
  if (BudgetExceededError.isInstance(error)) return Response.json({ error: { code: error.code, message: error.message } }, { status: 402 });
  if (RateLimitError.isInstance(error)) {
    const retryAfterSec = Math.ceil((error.retryAfterMs ?? 30_000) / 1000);
    return Response.json({ error: { code: error.code, message: error.message } }, { status: 429, headers: { 'Retry-After': String(retryAfterSec) } });
  }
  if (VideoConductorError.isInstance(error)) {
    return Response.json({ error: { code: error.code, message: error.message, retryable: error.isRetryable } }, { status: 502 });
  }
  throw error;
}
