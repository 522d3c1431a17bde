import { InvalidRequestError, type Ledger, type VideoConductor, type VideoPlan, type VideoRecord } from '@ring/video-conductor';
import { manifestPathOf, resolveClipRequests, type ClipRequest } from '../manifest/clip-requests.js';
import type { VideoManifest } from '../manifest/video-manifest.js';

/** A clip with its plan, before anything is spent. */
export interface PlannedClip extends ClipRequest {
  plan: VideoPlan;
  /** The row a previous run left under the clip's idempotency key; `null` for a new clip. */
  existing: VideoRecord | null;
}

/** What running a manifest would do and cost. */
export interface CampaignPlan {
  clips: PlannedClip[];
  /** Sum of every clip's estimate, in USD. */
  totalEstimatedUsd: number;
  /** Sum of the estimates of clips with no job yet — what this run can still spend, in USD. */
  newSpendUsd: number;
}

const roundUsd = (value: number) => Math.round(value * 1e6) / 1e6;

/**
 * Plans every clip (validation against the provider and presets, cost), without touching the
 * ledger. A clip the conductor refuses becomes an `InvalidRequestError` whose field is the
 * manifest path (`clips[2].durationSec`, or `defaults.durationSec` when the value came from
 * the defaults).
 */
export function planClips(manifest: VideoManifest, conductor: Pick<VideoConductor, 'estimate'>): Omit<PlannedClip, 'existing'>[] {
  return resolveClipRequests(manifest).map((clip) => {
    try {
      return { ...clip, plan: conductor.estimate(clip.request) };
    } catch (error) {
      if (!InvalidRequestError.isInstance(error)) throw error;
      const path = manifestPathOf(manifest, clip.index, error.field);
      const reason = error.message.replace(/^Invalid video request: /, '');
      throw new InvalidRequestError(`Invalid manifest: ${path}: ${reason}`, {
        field: path,
        code: 'INVALID_MANIFEST',
        issues: error.issues.map((issue) => ({ field: manifestPathOf(manifest, clip.index, issue.field), message: issue.message })),
        cause: error,
      });
    }
  });
}

/** Looks up each planned clip's previous job by idempotency key and totals the costs. */
export async function findPreviousJobs(planned: readonly Omit<PlannedClip, 'existing'>[], ledger: Pick<Ledger, 'findByIdempotencyKey'>): Promise<CampaignPlan> {
  const clips: PlannedClip[] = [];
  for (const clip of planned) clips.push({ ...clip, existing: await ledger.findByIdempotencyKey(clip.request.idempotencyKey) });
  return {
    clips,
    totalEstimatedUsd: roundUsd(clips.reduce((sum, clip) => sum + clip.plan.estimatedCostUsd, 0)),
    newSpendUsd: roundUsd(clips.filter((clip) => clip.existing === null).reduce((sum, clip) => sum + clip.plan.estimatedCostUsd, 0)),
  };
}
