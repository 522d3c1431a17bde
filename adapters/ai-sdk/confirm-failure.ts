import { ProviderError, type ProviderVideoStatus, type Sleep, type VideoConductorError } from '@ring/video-conductor';
import { errorFromHttpStatus } from '@ring/video-conductor/provider-kit';
import type { AiSdkStatusResult } from './ai-sdk-types.js';
import type { FailureVerdict } from './provider-profile.js';
import { shortRequestId } from '@ring/video-conductor/provider-kit';

/** One read of a job: a result (with the verdict of an `error` status), or a status the model threw. */
export type StatusRead = { result: AiSdkStatusResult; verdict?: Exclude<FailureVerdict, { kind: 'transient' }> } | { thrown: ProviderVideoStatus };

/**
 * How a failure is confirmed before it ends a job.
 * @example
 * ```ts
 * const confirmation: FailureConfirmation = { reads: 3, delayMs: 1000 }; // re-reads after 1 s, 2 s, 4 s
 * ```
 */
export interface FailureConfirmation {
  /** Re-reads of the status after an unconfirmed failure. `0` ends the job on the first sighting. @default 3 */
  reads?: number;
  /** Wait before the first re-read, in ms; doubled before each further one. @default 1000 */
  delayMs?: number;
}

/** What {@link readConfirmedStatus} needs. */
export interface ConfirmContext {
  /** One read, with the bridge's retries of failed calls; a transport-shaped `error` status is thrown. */
  read: () => Promise<StatusRead>;
  /** Maps a result that is not a failure. */
  map: (result: AiSdkStatusResult) => ProviderVideoStatus;
  confirmation: Required<FailureConfirmation>;
  sleep: Sleep;
  signal: AbortSignal | undefined;
  provider: string;
  requestId: string;
}

/**
 * Reads a job's status; a failure ends the job only when the provider said so with a code of
 * its own (`final`), or when a re-read says the same again. A read is free and changes
 * nothing, so it is repeated with backoff (1 s, 2 s, 4 s by default) — a brief error of the
 * provider's status endpoint no longer ends a job that is still running and billed. When the
 * re-reads disagree (a failure, then another), the job is not ended: a retryable
 * `STATUS_UNCONFIRMED` error keeps it followed and resumable.
 *
 * @throws ProviderError `JOB_NOT_FOUND` when the provider twice did not know the job;
 *   `STATUS_UNCONFIRMED` (retryable) when the failure was not confirmed within the reads.
 */
export async function readConfirmedStatus(context: ConfirmContext): Promise<ProviderVideoStatus> {
  const { confirmation } = context;
  let previous: string | undefined;
  let read = await context.read();
  for (let attempt = 0; ; attempt += 1) {
    if ('thrown' in read) {
      if (previous === signatureOf(read.thrown) || confirmation.reads === 0) return read.thrown;
      previous = signatureOf(read.thrown);
    } else if (read.verdict === undefined) {
      return context.map(read.result);
    } else if (read.verdict.kind === 'final') {
      return read.verdict.status;
    } else {
      const signature = read.verdict.kind === 'not-found' ? 'not-found' : signatureOf(read.verdict.status);
      if (previous === signature || confirmation.reads === 0) return settle(read.verdict, context);
      previous = signature;
    }
    if (attempt >= confirmation.reads) {
      throw new ProviderError(
        `The status of job ${shortRequestId(context.requestId)} at ${context.provider} reported a failure that ${confirmation.reads} re-reads did not confirm; the job is still followed`,
        { provider: context.provider, requestId: context.requestId, code: 'STATUS_UNCONFIRMED', isRetryable: true },
      );
    }
    await context.sleep(confirmation.delayMs * 2 ** attempt, context.signal);
    read = await context.read();
  }
}

function settle(verdict: Extract<FailureVerdict, { kind: 'confirm' | 'not-found' }>, context: ConfirmContext): ProviderVideoStatus {
  if (verdict.kind === 'confirm') return verdict.status;
  throw new ProviderError(`${context.provider} does not know job ${shortRequestId(context.requestId)} (HTTP 404, read twice)`, {
    provider: context.provider,
    requestId: context.requestId,
    code: 'JOB_NOT_FOUND',
    status: 404,
    isRetryable: false,
  });
}

/** What two sightings of a failure must share to confirm it. */
function signatureOf(status: ProviderVideoStatus): string {
  switch (status.state) {
    case 'failed':
      return `failed:${status.code}:${status.message}`;
    case 'moderated':
      return `moderated:${status.message ?? ''}`;
    default:
      return status.state;
  }
}

/**
 * The error of a transport-shaped `error` status (a read that failed, not the job): with a
 * known HTTP status, the kit's mapping (5xx → retryable `SERVER_ERROR`, 429 → `RateLimitError`);
 * otherwise a retryable `NETWORK_ERROR`.
 */
export function transientReadError(
  verdict: Extract<FailureVerdict, { kind: 'transient' }>,
  context: { provider: string; requestId: string; target: string },
): VideoConductorError {
  const message = `doStatus ${context.target} failed${verdict.httpStatus === undefined ? '' : ` with ${verdict.httpStatus}`}: ${verdict.reason || 'no answer'} (reported by the model as a failed job; the job itself is still followed)`;
  if (verdict.httpStatus !== undefined) {
    return errorFromHttpStatus(message, { provider: context.provider, requestId: context.requestId, status: verdict.httpStatus, jobNotFound: true });
  }
  return new ProviderError(message, { provider: context.provider, requestId: context.requestId, code: 'NETWORK_ERROR', isRetryable: true });
}
