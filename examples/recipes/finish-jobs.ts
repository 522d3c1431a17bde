/**
 * One round of finishing unfinished jobs, for a worker's interval (recover-worker.ts) or a
 * scheduled function (serverless.ts):
 *
 * 1. `recover`: lease rows in `pending`, `submitted`, `generating` or `persisting` that no
 *    process has touched for `staleAfterMs`, and finish them;
 * 2. resume `timed_out` rows (the job outlived the poll timeout; it may still finish);
 * 3. retry storage of `persist_failed` rows (made and paid for; storage failed).
 *
 * `recover` leases its rows, so many workers share the work. Steps 2 and 3 can race between
 * workers; the ledger's compare-and-set lets one win and the others get `STATUS_CONFLICT`,
 * which is counted as skipped.
 */
import { VideoConductorError, type Ledger, type VideoConductor } from '@ring/video-conductor';

export interface FinishJobsOptions {
  /** Rows idle this long are taken as abandoned, in ms. Keep it well above the conductor's `heartbeatMs` (30 s). @default 90000 */
  staleAfterMs?: number;
  /** Most rows of each kind handled in one round. @default 10 */
  limit?: number;
  /** Longest wait for one job in this round, in ms (keep it under a serverless function's time limit). */
  timeoutMs?: number;
  /** Stops waiting; jobs stay resumable. */
  signal?: AbortSignal;
}

export interface FinishJobsReport {
  recovered: number;
  resumed: number;
  persisted: number;
  /** Rows another worker took first. */
  skipped: number;
  /** `recordId: CODE message` of rows that did not end well this round. */
  problems: string[];
}

export async function finishJobs(conductor: VideoConductor, ledger: Ledger, options: FinishJobsOptions = {}): Promise<FinishJobsReport> {
  const limit = options.limit ?? 10;
  const callOptions = { ...(options.signal === undefined ? {} : { signal: options.signal }), ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }) };
  const report: FinishJobsReport = { recovered: 0, resumed: 0, persisted: 0, skipped: 0, problems: [] };

  const recovered = await conductor.recover({ staleAfterMs: options.staleAfterMs ?? 90_000, limit }, callOptions);
  report.recovered = recovered.claimed;
  for (const outcome of recovered.outcomes) {
    if (outcome.error !== undefined) report.problems.push(`${outcome.recordId}: ${outcome.error.code} ${outcome.error.message}`);
  }

  const settle = async (recordId: string, action: () => Promise<unknown>, counter: 'resumed' | 'persisted') => {
    try {
      await action();
      report[counter]++;
    } catch (error) {
      if (VideoConductorError.isInstance(error) && (error.code === 'STATUS_CONFLICT' || error.code === 'INVALID_STATE')) report.skipped++;
      else if (options.signal?.aborted === true) throw error;
      else report.problems.push(`${recordId}: ${VideoConductorError.isInstance(error) ? error.code : 'UNEXPECTED_ERROR'} ${(error as Error).message}`);
    }
  };
  const timedOut = await ledger.list({ status: 'timed_out', limit });
  const notStored = await ledger.list({ status: 'persist_failed', limit });
  await Promise.all([
    ...timedOut.records.map((record) => settle(record.id, () => conductor.resume(record.id, callOptions), 'resumed')),
    ...notStored.records.map((record) => settle(record.id, () => conductor.persist(record.id, callOptions), 'persisted')),
  ]);
  return report;
}
