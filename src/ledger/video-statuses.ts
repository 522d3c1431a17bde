import type { VideoStatus } from '../ports/video-record.js';

/** Every status, in the order of the machine. */
export const videoStatuses: readonly VideoStatus[] = [
  'queued',
  'pending',
  'submitted',
  'generating',
  'persisting',
  'succeeded',
  'persist_failed',
  'moderated',
  'failed',
  'expired',
  'timed_out',
  'cancelled',
];

/**
 * Statuses a job is still moving through in some process; `claimStale` looks only at these.
 * `queued` is not among them: nothing runs a queued job until it is submitted or resumed.
 */
export const activeVideoStatuses: readonly VideoStatus[] = ['pending', 'submitted', 'generating', 'persisting'];


/** Statuses of a job that has not ended: the active ones, plus `queued` (waiting to run). */
export const unfinishedVideoStatuses: readonly VideoStatus[] = ['queued', ...activeVideoStatuses];
