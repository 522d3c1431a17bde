/** How a simulated provider hints when to ask again, in `retryAfterMs` of a pending status. */
export type HintMode =
  /** No hint: the caller uses its own interval. */
  | 'none'
  /** The exact time left until the job finishes. */
  | 'exact'
  /** The time left times a seeded factor in [0.75, 1.25], at least 1 s: an honest but rough estimate. */
  | 'estimate';

/** One simulated job: when it started and finished on the fake clock, and how often it was asked. */
export interface ClockedJob {
  /** Fake time of the submit, in ms. */
  submittedAt: number;
  /** Fake time the job really finishes, in ms. */
  finishesAt: number;
  /** Status requests answered. */
  statusCalls: number;
}

/**
 * The jobs of a simulated provider on a fake clock: a job is pending until `durationMs`
 * after its submit, then done. Shared by the conductor's provider and the AI SDK model.
 */
export class ClockedJobs {
  readonly jobs = new Map<string, ClockedJob>();

  constructor(
    private readonly now: () => number,
    private readonly nextDurationMs: () => number,
    private readonly hintMode: HintMode,
    private readonly random: () => number,
  ) {}

  start(): string {
    const id = `job-${this.jobs.size + 1}`;
    const submittedAt = this.now();
    this.jobs.set(id, { submittedAt, finishesAt: submittedAt + this.nextDurationMs(), statusCalls: 0 });
    return id;
  }

  /** Answers one status request: `done`, or `pending` with the hint of the mode. */
  status(id: string): { done: true } | { done: false; retryAfterMs?: number } {
    const job = this.jobs.get(id);
    if (job === undefined) throw new Error(`no job ${id}`);
    job.statusCalls += 1;
    const leftMs = job.finishesAt - this.now();
    if (leftMs <= 0) return { done: true };
    if (this.hintMode === 'exact') return { done: false, retryAfterMs: leftMs };
    if (this.hintMode === 'estimate') return { done: false, retryAfterMs: Math.max(1000, Math.round(leftMs * (0.75 + 0.5 * this.random()))) };
    return { done: false };
  }
}
