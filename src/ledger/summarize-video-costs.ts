import { LedgerError } from '../errors/ledger-error.js';
import type { Ledger, VideoCostGroup, VideoCostSummaryQuery } from '../ports/ledger.js';
import type { VideoRecord } from '../ports/video-record.js';

/** Options of {@link summarizeVideoCosts}. */
export interface SummarizeVideoCostsOptions {
  /**
   * Most rows the fallback reads through `list` (pages of 1000) when the ledger has no
   * `summarizeCosts`; past it the summary is marked incomplete rather than read on forever.
   * @default 100000
   */
  maxRows?: number;
}

/** What {@link summarizeVideoCosts} returns. */
export interface VideoCostSummary {
  /** The groups, ordered by day, then actor, campaign, quality mode and status. */
  groups: VideoCostGroup[];
  /** `aggregate`: the ledger summed in its database; `paged`: summed here from `list` pages. */
  source: 'aggregate' | 'paged';
  /** `false` when the paged fallback stopped at `maxRows`: the sums then cover only the newest rows. */
  complete: boolean;
}

/** Sums in millionths of a dollar, so adding thousands of prices stays exact to the cent. */
const microsPerUsd = 1_000_000;

/** The key of a row's group. */
function groupKeyOf(record: VideoRecord): string {
  return JSON.stringify([record.createdAt.slice(0, 10), record.audit.actorId ?? null, record.audit.pipelineRequestId ?? null, record.qualityMode, record.status]);
}

/** Sorts groups the way the SQL aggregate orders them. */
export function compareCostGroups(left: VideoCostGroup, right: VideoCostGroup): number {
  const keys: (keyof VideoCostGroup)[] = ['day', 'actorId', 'pipelineRequestId', 'qualityMode', 'status'];
  for (const key of keys) {
    const a = String(left[key] ?? '');
    const b = String(right[key] ?? '');
    if (a !== b) return a < b ? -1 : 1;
  }
  return 0;
}

/**
 * Costs of the ledger rows matching `query`, summed per UTC day, actor, campaign, quality
 * mode and status. Uses the ledger's own `summarizeCosts` (one aggregate query: the Postgres
 * ledger) when it has one; otherwise pages through `list` 1000 rows at a time, at most
 * `maxRows` rows, summing in millionths of a dollar so the totals are exact to the cent.
 *
 * @throws LedgerError as the ledger's `list` or `summarizeCosts` do.
 * @example
 * ```ts
 * const { groups } = await summarizeVideoCosts(ledger, { createdAfter: '2026-11-01T00:00:00Z' });
 * const billed = groups.reduce((sum, group) => sum + group.billedCostUsd, 0);
 * ```
 */
export async function summarizeVideoCosts(ledger: Ledger, query: VideoCostSummaryQuery = {}, options: SummarizeVideoCostsOptions = {}): Promise<VideoCostSummary> {
  if (typeof ledger.summarizeCosts === 'function') {
    const groups = await ledger.summarizeCosts(query);
    return { groups: [...groups].sort(compareCostGroups), source: 'aggregate', complete: true };
  }
  const maxRows = options.maxRows ?? 100_000;
  if (!Number.isInteger(maxRows) || maxRows < 1) {
    throw new LedgerError(`summarizeVideoCosts: maxRows must be a positive whole number, got ${String(maxRows)}`, { ledger: ledger.id, code: 'INVALID_QUERY' });
  }
  const sums = new Map<string, { group: VideoCostGroup; estimatedMicros: number; billedMicros: number }>();
  let cursor: string | undefined;
  let read = 0;
  let complete = true;
  do {
    const page = await ledger.list({ ...query, limit: Math.min(1000, maxRows - read), ...(cursor === undefined ? {} : { cursor }) });
    for (const record of page.records) {
      const key = groupKeyOf(record);
      let entry = sums.get(key);
      if (entry === undefined) {
        entry = {
          group: {
            day: record.createdAt.slice(0, 10),
            actorId: record.audit.actorId ?? null,
            pipelineRequestId: record.audit.pipelineRequestId ?? null,
            qualityMode: record.qualityMode,
            status: record.status,
            count: 0,
            estimatedCostUsd: 0,
            billedCostUsd: 0,
            billedCount: 0,
          },
          estimatedMicros: 0,
          billedMicros: 0,
        };
        sums.set(key, entry);
      }
      entry.group.count += 1;
      entry.estimatedMicros += Math.round(record.estimatedCostUsd * microsPerUsd);
      if (record.actualCostUsd !== null) {
        entry.group.billedCount += 1;
        entry.billedMicros += Math.round(record.actualCostUsd * microsPerUsd);
      }
    }
    read += page.records.length;
    cursor = page.nextCursor;
    if (cursor !== undefined && read >= maxRows) {
      complete = false;
      break;
    }
  } while (cursor !== undefined);
  const groups = [...sums.values()].map(({ group, estimatedMicros, billedMicros }) => ({
    ...group,
    estimatedCostUsd: estimatedMicros / microsPerUsd,
    billedCostUsd: billedMicros / microsPerUsd,
  }));
  return { groups: groups.sort(compareCostGroups), source: 'paged', complete };
}
