import { repeatEvery } from '../clock.js';
import { Semaphore } from '../internal/semaphore.js';
import type { CallContext, ConductorDependencies } from './job-context.js';
import { touchRecord } from './record-transitions.js';

/**
 * The coordination of one conductor's jobs inside this process: joins (a second call for a
 * running row waits for it instead of racing), concurrency slots (`maxConcurrentJobs`), the
 * budget queue and heartbeats. Everything across processes lives in the ledger instead.
 */
export class InFlightJobs {
  /** Jobs this process is running, so a second call for the same row joins instead of racing. */
  private readonly running = new Map<string, Promise<unknown>>();
  /** Bounds the jobs running against the provider; `undefined`: unbounded. */
  private readonly slots: Semaphore | undefined;
  /** The tail of the budget queue: budget check + insert run one at a time. */
  private budgetQueue: Promise<unknown> = Promise.resolve();

  /**
   * @param maxConcurrentJobs Most jobs run at once; `Infinity`: no limit.
   */
  constructor(
    private readonly deps: ConductorDependencies,
    maxConcurrentJobs: number,
  ) {
    this.slots = Number.isFinite(maxConcurrentJobs) ? new Semaphore(maxConcurrentJobs) : undefined;
  }

  /** The job this process is running for `recordId`, if any (it may reject). */
  runningJob(recordId: string): Promise<unknown> | undefined {
    return this.running.get(recordId);
  }

  /**
   * Runs a job holding a concurrency slot, registered so that other calls for the same row
   * join it, and beating its heart on the conductor's clock every `heartbeatMs` while it runs
   * (slot wait included), so other workers' `recover()` never takes over a live job.
   */
  async track<T>(recordId: string, call: CallContext, run: () => Promise<T>): Promise<T> {
    const promise = this.slots === undefined ? run() : this.slots.run(run, call.signal);
    this.running.set(recordId, promise);
    const stopHeartbeat = repeatEvery(this.deps.clock, this.deps.heartbeatMs, () => touchRecord(this.deps, recordId));
    try {
      return await promise;
    } finally {
      stopHeartbeat();
      if (this.running.get(recordId) === promise) this.running.delete(recordId);
    }
  }

  /**
   * Runs `task` after every task queued before it has settled. Within one process this
   * keeps two calls from both passing a budget check before either row is written.
   */
  oneAtATime<T>(task: () => Promise<T>): Promise<T> {
    const result = this.budgetQueue.then(task);
    this.budgetQueue = result.catch(() => {});
    return result;
  }
}
