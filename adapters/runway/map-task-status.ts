import { ProviderError, type ProviderVideoStatus } from '@ring/video-conductor';
import { redactSecrets } from '@ring/video-conductor/provider-kit';
import { z } from 'zod';

/**
 * One Runway credit, in USD: what task costs (`cost.credits`) are converted with.
 *
 * @example
 * ```ts
 * 60 * runwayUsdPerCredit; // 0.6: a 5 s gen4.5 clip at 12 credits/s
 * ```
 */
export const runwayUsdPerCredit = 0.01;

const lenientNumber = z.number().nullish().catch(undefined);
const credits = z.object({ credits: lenientNumber }).nullish().catch(undefined);

// Only the fields read, all tolerant: Runway may add fields and statuses.
const taskSchema = z.object({
  id: z.string().nullish(),
  status: z.string().nullish().catch(undefined),
  progress: lenientNumber,
  output: z.array(z.unknown()).nullish().catch(undefined),
  failure: z.string().nullish().catch(undefined),
  failureCode: z.string().nullish().catch(undefined),
  cost: credits,
});

const createSchema = z.object({ id: z.string().min(1) });

/** What a task read gave, parsed leniently: `undefined` fields were absent or malformed. */
export type RunwayTask = z.output<typeof taskSchema>;

/** Credits → USD (`credits / 100`, exact in binary for whole credits). */
export function creditsToUsd(amount: number): number {
  return Math.round(amount) === amount ? amount / 100 : amount * runwayUsdPerCredit;
}

/** The task id of a create answer; anything without one is `INVALID_RESPONSE`. */
export function taskIdOf(body: unknown, operation: string): string {
  const parsed = createSchema.safeParse(body);
  if (!parsed.success) {
    throw new ProviderError(`${operation} failed: no task id in the answer`, { provider: 'runway', code: 'INVALID_RESPONSE', isRetryable: false });
  }
  return parsed.data.id;
}

/** Parses a `GET /v1/tasks/{id}` body; a body that is not an object is `INVALID_RESPONSE`. */
export function parseTask(body: unknown, operation: string, requestId: string): RunwayTask {
  const parsed = taskSchema.safeParse(body);
  if (!parsed.success) {
    throw new ProviderError(`${operation} failed: unexpected task shape`, { provider: 'runway', code: 'INVALID_RESPONSE', isRetryable: false, requestId });
  }
  return parsed.data;
}

/**
 * Maps a Runway task to the port's status:
 *
 * - `PENDING`, `THROTTLED`, `RUNNING` → `pending`; `progress` (a fraction 0–1) → percent;
 * - `SUCCEEDED` → `done` with `output[0]` (a URL that expires in 24–48 h) and `cost.credits`
 *   as `usage.costUsd`; without an output URL → `failed` `MISSING_VIDEO_URL`;
 * - `FAILED` with a `SAFETY.*` code (input or output moderation) → `moderated`;
 * - other `FAILED` → `failed` with Runway's `failureCode`, retryable for `INTERNAL.*`
 *   (Runway: a quality or system rejection that may pass on a new try);
 * - `CANCELLED` (cancelled or deleted, here or elsewhere) → `cancelled`, with `cost.credits`;
 * - any other status → `pending` with a warning (never a crash).
 *
 * Upstream text is redacted with `apiKey` before it goes anywhere.
 * @see https://docs.dev.runwayml.com/errors/task-failures/
 */
export function mapTaskStatus(task: RunwayTask, apiKey: string): ProviderVideoStatus {
  const cost = task.cost?.credits;
  const usage = typeof cost === 'number' && cost >= 0 ? { usage: { costUsd: creditsToUsd(cost) } } : {};
  const failure = task.failure === undefined || task.failure === null ? undefined : redactSecrets(task.failure, [apiKey]);
  switch (task.status) {
    case 'PENDING':
    case 'THROTTLED':
    case 'RUNNING': {
      const progress = typeof task.progress === 'number' ? Math.min(100, Math.max(0, Math.round(task.progress * 100))) : undefined;
      return progress === undefined ? { state: 'pending' } : { state: 'pending', progress };
    }
    case 'SUCCEEDED': {
      const url = task.output?.find((entry): entry is string => typeof entry === 'string' && entry !== '');
      if (url === undefined) {
        return { state: 'failed', code: 'MISSING_VIDEO_URL', message: 'Runway reported SUCCEEDED without an output URL', retryable: false };
      }
      return { state: 'done', video: { url, contentType: 'video/mp4' }, ...usage };
    }
    case 'FAILED': {
      const code = task.failureCode ?? undefined;
      const message = `${code === undefined ? 'Runway failure without a code' : code}: ${failure ?? 'Runway gave no reason'}`;
      if (code?.startsWith('SAFETY.')) return { state: 'moderated', message, ...usage };
      return { state: 'failed', code: code ?? 'GENERATION_FAILED', message, retryable: code?.startsWith('INTERNAL.') === true };
    }
    case 'CANCELLED':
      return { state: 'cancelled', message: 'The Runway task was cancelled (or deleted) before it produced a video', ...usage };
    default:
      return {
        state: 'pending',
        warnings: [{ type: 'other', message: `Runway reported an unknown task status ${JSON.stringify(task.status ?? null)}; still waiting` }],
      };
  }
}
