import { BudgetExceededError } from '../errors/budget-exceeded-error.js';
import { unfinishedVideoStatuses } from '../ledger/video-statuses.js';
import type { Ledger, VideoRecordQuery } from '../ports/ledger.js';
import type { VideoAudit, VideoRecord } from '../ports/video-record.js';
import type { VideoPlan } from '../plan/video-plan.js';

/** Spending limits checked before any money is spent, in USD. `undefined`: no limit. */
export interface BudgetOptions {
  /** Largest estimated cost of one job. */
  maxUsdPerJob?: number;
  /** Largest total of all jobs of this provider since 00:00 UTC (counting the new one). */
  maxUsdPerDay?: number;
  /** Largest total of one `audit.actorId` since 00:00 UTC (counting the new one); requests without an actor are not limited. */
  maxUsdPerActor?: number;
}

/**
 * What a row has cost or is about to cost: the reported cost when known; the estimate while
 * the job is queued or active, or once the provider accepted it; otherwise (rejected before submit)
 * only a generated first frame.
 */
export function committedCostUsd(record: VideoRecord): number {
  if (record.actualCostUsd !== null) return record.actualCostUsd;
  if (record.requestId !== null || unfinishedVideoStatuses.includes(record.status)) return record.estimatedCostUsd;
  return record.firstFrame?.source === 'generated' ? (record.firstFrame.costUsd ?? 0) : 0;
}

/** Sums {@link committedCostUsd} over every row matching `query`, page by page (any ledger). */
async function sumCommitted(ledger: Ledger, query: Omit<VideoRecordQuery, 'cursor' | 'limit'>): Promise<number> {
  let total = 0;
  let cursor: string | undefined;
  do {
    const page = await ledger.list({ ...query, limit: 1000, ...(cursor === undefined ? {} : { cursor }) });
    for (const record of page.records) total += committedCostUsd(record);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return total;
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;

/**
 * Refuses a plan that would exceed a budget. Runs before the ledger row is written, so a
 * refused request leaves no row and spends nothing. Totals come from the ledger, so every
 * process sharing it shares the budget; two processes checking at the same instant may
 * both pass (the conductor serialises checks within one process).
 *
 * @throws BudgetExceededError naming the budget, the limit and the total the job would reach.
 */
export async function checkBudget(input: {
  budget: BudgetOptions;
  plan: VideoPlan;
  audit: VideoAudit | undefined;
  ledger: Ledger;
  provider: string;
  now: number;
}): Promise<void> {
  const { budget, plan, ledger } = input;
  const cost = plan.estimatedCostUsd;
  const refuse = (name: keyof BudgetOptions, limitUsd: number, requestedUsd: number, scope: string) => {
    throw new BudgetExceededError(
      `Budget ${name} (${limitUsd} USD${scope}) would be exceeded: this job is estimated at ${cost} USD, bringing the total to ${round(requestedUsd)} USD`,
      { budget: name, limitUsd, requestedUsd: round(requestedUsd) },
    );
  };
  if (budget.maxUsdPerJob !== undefined && cost > budget.maxUsdPerJob) refuse('maxUsdPerJob', budget.maxUsdPerJob, cost, ' per job');
  if (budget.maxUsdPerDay === undefined && budget.maxUsdPerActor === undefined) return;
  const dayStart = new Date(input.now);
  dayStart.setUTCHours(0, 0, 0, 0);
  const createdAfter = dayStart.toISOString();
  if (budget.maxUsdPerDay !== undefined) {
    const total = (await sumCommitted(ledger, { provider: input.provider, createdAfter })) + cost;
    if (total > budget.maxUsdPerDay + 1e-9) refuse('maxUsdPerDay', budget.maxUsdPerDay, total, ' per UTC day');
  }
  const actorId = input.audit?.actorId;
  if (budget.maxUsdPerActor !== undefined && actorId !== undefined) {
    const total = (await sumCommitted(ledger, { audit: { actorId }, createdAfter })) + cost;
    if (total > budget.maxUsdPerActor + 1e-9) refuse('maxUsdPerActor', budget.maxUsdPerActor, total, ` per UTC day for actor ${actorId}`);
  }
}
