import type { VideoStatus } from '../ports/video-record.js';

/** Every status, in the order of the machine. */
export const videoStatuses: readonly VideoStatus[] = [
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

/** Statuses a job is still moving through; `claimStale` looks only at these. */
export const activeVideoStatuses: readonly VideoStatus[] = ['pending', 'submitted', 'generating', 'persisting'];

