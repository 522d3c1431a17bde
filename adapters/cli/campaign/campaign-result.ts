import type { VideoStatus } from '@ring/video-conductor';
import { cliExitCodes } from '../exit-codes.js';
import { formatTable, formatUsd } from '../output/format.js';

/** What happened to one clip in a run. */
export interface CampaignClipResult {
  id: string;
  /** The ledger status after this run; `not_started` when the run stopped before the clip. */
  status: VideoStatus | 'not_started';
  /** `new`: submitted by this run; `resumed`: continued a job of an earlier run; `done`: already stored, skipped; `ended`: an earlier run's job had ended, reported as it is. */
  origin: 'new' | 'resumed' | 'done' | 'ended' | 'not_started';
  recordId: string | null;
  requestId: string | null;
  idempotencyKey: string;
  /** Permanent URL once stored. */
  url: string | null;
  sha256: string | null;
  sizeBytes: number | null;
  /** Requested clip length, in seconds. */
  durationSec: number;
  /** `null`: unknown (an image starts the video and sets its shape). */
  aspectRatio: string | null;
  qualityMode: string;
  estimatedCostUsd: number;
  /** What the provider reported, in USD; `null` when nothing was reported. */
  actualCostUsd: number | null;
  /** Why it did not succeed. */
  error: { code: string; message: string } | null;
}

/** The result document of a run (`--out`, and `--json` on stdout). */
export interface CampaignResult {
  version: 2;
  campaign: string;
  /** The manifest file, as given. */
  manifest: string;
  startedAt: string;
  finishedAt: string;
  /** The run was interrupted (Ctrl-C); rerun the manifest to continue. */
  interrupted: boolean;
  totals: {
    clips: number;
    succeeded: number;
    moderated: number;
    failed: number;
    /** Clips not finished: interrupted, timed out, in progress elsewhere, not started. */
    unfinished: number;
    /** Sum of the estimates, in USD. */
    estimatedCostUsd: number;
    /** Sum of reported costs, in USD. */
    actualCostUsd: number;
    /** Estimates of the clips this run submitted, in USD. */
    newSpendEstimatedUsd: number;
  };
  clips: CampaignClipResult[];
}

const failedStatuses: readonly string[] = ['failed', 'expired', 'cancelled', 'persist_failed'];

/** Totals of a run's clips. */
export function totalsOf(clips: readonly CampaignClipResult[]): CampaignResult['totals'] {
  const round = (value: number) => Math.round(value * 1e6) / 1e6;
  return {
    clips: clips.length,
    succeeded: clips.filter((clip) => clip.status === 'succeeded').length,
    moderated: clips.filter((clip) => clip.status === 'moderated').length,
    failed: clips.filter((clip) => failedStatuses.includes(clip.status)).length,
    unfinished: clips.filter((clip) => !['succeeded', 'moderated', ...failedStatuses].includes(clip.status)).length,
    estimatedCostUsd: round(clips.reduce((sum, clip) => sum + clip.estimatedCostUsd, 0)),
    actualCostUsd: round(clips.reduce((sum, clip) => sum + (clip.actualCostUsd ?? 0), 0)),
    newSpendEstimatedUsd: round(clips.filter((clip) => clip.origin === 'new').reduce((sum, clip) => sum + clip.estimatedCostUsd, 0)),
  };
}

/** 0 when every clip is stored; 1 when any failed or is unfinished; else 3 when any was moderated; 130 when interrupted. */
export function exitCodeOfCampaign(result: CampaignResult): number {
  if (result.interrupted) return cliExitCodes.interrupted;
  if (result.totals.failed > 0 || result.totals.unfinished > 0) return cliExitCodes.failed;
  if (result.totals.moderated > 0) return cliExitCodes.moderated;
  return cliExitCodes.ok;
}

/** The summary table: clip, status, length, cost, URL (or the error). */
export function summaryTable(result: CampaignResult): string[] {
  const rows = result.clips.map((clip) => [
    clip.id,
    clip.origin === 'done' ? `${clip.status} (earlier run)` : clip.status,
    `${clip.durationSec}s`,
    clip.actualCostUsd === null ? `est. ${formatUsd(clip.estimatedCostUsd)}` : formatUsd(clip.actualCostUsd),
    clip.url ?? (clip.error === null ? '' : `${clip.error.code}: ${clip.error.message}`),
  ]);
  const { totals } = result;
  return [
    ...formatTable(['clip', 'status', 'length', 'cost', 'url'], rows),
    '',
    `${totals.succeeded}/${totals.clips} stored, ${totals.moderated} moderated, ${totals.failed} failed, ${totals.unfinished} unfinished; ` +
      `estimated ${formatUsd(totals.estimatedCostUsd)}, reported ${formatUsd(totals.actualCostUsd)}`,
  ];
}
