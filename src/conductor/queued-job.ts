import { VideoConductorError } from '../errors/video-conductor-error.js';
import type { GenerateVideoRequest } from '../plan/generate-video-request.js';
import type { VideoPlan } from '../plan/video-plan.js';
import type { VideoRecord } from '../ports/video-record.js';
import type { CallContext, ConductorDependencies } from './job-context.js';
import { readNotes, withNotes } from './record-outcome.js';
import { claimQueuedRecord, recordQueuedUnplannable, RowMovedOn } from './record-transitions.js';
import type { StartedJob } from './submit-job.js';

/**
 * The request a `queued` row was written with, rebuilt from its notes and its own fields
 * (audit, metadata, idempotency key).
 * @throws VideoConductorError `INVALID_STATE` for a queued row written without one (not by the conductor)
 */
export function requestOfQueued(record: VideoRecord): GenerateVideoRequest {
  const stored = readNotes(record).request;
  if (stored === undefined) {
    throw new VideoConductorError(`Video job ${record.id} is queued but its row holds no request to run it from`, { code: 'INVALID_STATE' });
  }
  return {
    ...stored,
    audit: record.audit,
    metadata: record.metadata,
    ...(record.idempotencyKey === null ? {} : { idempotencyKey: record.idempotencyKey }),
  };
}

/**
 * Takes a `queued` row for this call: plans its stored request now and moves the row to
 * `pending` (the budget counted it when it was queued). Another caller that took it first
 * wins: its row comes back as `existing`. A stored request that no longer plans (presets or
 * provider capabilities changed meanwhile) ends the row `failed`, saying why, and throws.
 */
export async function claimQueued(
  deps: ConductorDependencies,
  record: VideoRecord,
  plan: (request: GenerateVideoRequest) => VideoPlan,
  call: CallContext,
): Promise<StartedJob> {
  let planned: VideoPlan;
  try {
    planned = plan(requestOfQueued(record));
  } catch (error) {
    await recordQueuedUnplannable(deps, record, error).catch(() => undefined);
    throw error;
  }
  const { request: _stored, ...notes } = readNotes(record);
  try {
    const claimed = await claimQueuedRecord(deps, record, withNotes(record, notes));
    call.emit({ type: 'planned', recordId: claimed.id, plan: planned });
    return { record: claimed, plan: planned };
  } catch (error) {
    if (!(error instanceof RowMovedOn)) throw error;
    const fresh = await deps.ledger.get(record.id);
    if (fresh === null) throw error;
    return { existing: fresh, plan: planned };
  }
}
