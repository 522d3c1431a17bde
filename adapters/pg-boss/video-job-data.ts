import type { GenerateVideoRequest } from '@ring/video-conductor';

/**
 * The payload of one pg-boss job: plain JSON. The request (with its idempotency key) and the
 * ledger row's id — written by `enqueue` with the job, or by the first delivery of a job sent
 * before rows were written at enqueue time.
 */
export interface VideoJobData {
  /** Payload version. */
  v: 1;
  /** The request, always with `idempotencyKey`. */
  request: GenerateVideoRequest & { idempotencyKey: string };
  /** The ledger row once known. */
  recordId?: string;
  /** The row is `queued` and this delivery submits it (the job `enqueue` sent); later deliveries poll. */
  submit?: true;
}

/** What a finished delivery stores as the pg-boss job's output. */
export interface VideoJobOutput {
  /** The ledger row, when one was written. */
  recordId: string | null;
  /** The row's status after this delivery. */
  status: string;
  /** Id of the follow-up job when the delivery re-scheduled the poll. */
  nextJobId?: string | null;
  /** When the follow-up runs (ISO time). */
  nextPollAt?: string;
  /** Why the job ended without a video. */
  error?: { code: string; message: string };
}
