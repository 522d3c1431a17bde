import { VideoConductorError, type Ledger, type VideoConductor, type VideoRecord } from '@ring/video-conductor';
import { progressListener } from '../commands/job-progress.js';
import type { ProgressBoard } from '../output/progress-board.js';
import type { CampaignClipResult } from './campaign-result.js';
import type { PlannedClip } from './plan-campaign.js';

/** What {@link runCampaignClips} needs. */
export interface RunCampaignInput {
  clips: readonly PlannedClip[];
  conductor: VideoConductor;
  ledger: Pick<Ledger, 'get' | 'findByIdempotencyKey'>;
  /** Clips generated at once. */
  concurrency: number;
  board: ProgressBoard;
  /** Stops starting clips and stops waiting for running ones (they stay resumable). */
  signal?: AbortSignal;
  /** Per clip, in ms; `undefined`: the conductor's default. */
  timeoutMs?: number;
}

/**
 * Generates the clips, at most `concurrency` at once. A clip only gets its ledger row when a
 * slot is free, so a killed run leaves unstarted clips without rows (they start cleanly next
 * time) and started ones with rows the rerun resumes through their idempotency keys. Clips
 * already stored by an earlier run are reported without any call. Never throws for a clip:
 * each outcome (or error) is in its result, in manifest order.
 */
export async function runCampaignClips(input: RunCampaignInput): Promise<CampaignClipResult[]> {
  const results: CampaignClipResult[] = input.clips.map((clip) => resultOf(clip, clip.existing, 'not_started', null));
  let next = 0;
  const worker = async () => {
    for (;;) {
      if (input.signal?.aborted) return;
      const index = next++;
      const clip = input.clips[index];
      if (clip === undefined) return;
      results[index] = await runClip(clip, input);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, input.concurrency), input.clips.length) }, worker));
  return results;
}

async function runClip(clip: PlannedClip, input: RunCampaignInput): Promise<CampaignClipResult> {
  const { board, conductor, ledger } = input;
  const label = clip.clip.id;
  const existing = clip.existing;
  if (existing?.status === 'succeeded') {
    board.finish(label, `succeeded earlier: ${existing.url ?? ''}`);
    return resultOf(clip, existing, 'done', null);
  }
  const origin: CampaignClipResult['origin'] = existing === null ? 'new' : ['failed', 'moderated', 'expired', 'cancelled'].includes(existing.status) ? 'ended' : 'resumed';
  try {
    const result = await conductor.generate(clip.request, {
      onEvent: progressListener(board, label, clip.plan.estimatedCostUsd),
      ...(input.signal === undefined ? {} : { signal: input.signal }),
      ...(input.timeoutMs === undefined ? {} : { timeoutMs: input.timeoutMs }),
    });
    const record = await ledger.get(result.recordId);
    board.finish(label, result.success ? `${result.status}: ${result.video.url}` : `${result.status}: ${result.message}`);
    if (result.success) return resultOf(clip, record, origin, null);
    return resultOf(clip, record, origin, { code: result.status === 'moderated' ? 'MODERATED' : 'PERSIST_FAILED', message: result.message });
  } catch (error) {
    const record = await ledger.findByIdempotencyKey(clip.request.idempotencyKey).catch(() => null);
    const recorded = record?.error ?? null;
    const reason = input.signal?.aborted
      ? { code: 'INTERRUPTED', message: 'the run was interrupted; rerun the manifest to continue' }
      : VideoConductorError.isInstance(error)
        ? { code: error.code, message: error.message }
        : recorded !== null
          ? { code: recorded.code, message: recorded.message }
          : { code: 'UNEXPECTED_ERROR', message: (error as Error)?.message ?? String(error) };
    board.finish(label, `${record?.status ?? 'not started'}: ${reason.code}`);
    return resultOf(clip, record, record === null ? 'not_started' : origin, reason);
  }
}

function resultOf(
  clip: PlannedClip,
  record: VideoRecord | null,
  origin: CampaignClipResult['origin'],
  error: CampaignClipResult['error'],
): CampaignClipResult {
  const recordError = record?.error === null || record?.error === undefined ? null : { code: record.error.code, message: record.error.message };
  return {
    id: clip.clip.id,
    status: record?.status ?? 'not_started',
    origin,
    recordId: record?.id ?? null,
    requestId: record?.requestId ?? null,
    idempotencyKey: clip.request.idempotencyKey,
    url: record?.status === 'succeeded' ? record.url : null,
    sha256: record?.sha256 ?? null,
    sizeBytes: record?.sizeBytes ?? null,
    durationSec: clip.plan.durationSec,
    aspectRatio: clip.plan.aspectRatio,
    qualityMode: clip.plan.qualityMode,
    estimatedCostUsd: record?.estimatedCostUsd ?? clip.plan.estimatedCostUsd,
    actualCostUsd: record?.actualCostUsd ?? null,
    error: error ?? (record?.status === 'succeeded' ? null : recordError),
  };
}
