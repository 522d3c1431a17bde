/** The queue benchmark's settings, shared by the parent and its worker processes. */
export const queueBenchSettings = {
  /** Status calls of a job that answer `pending` (per process) before it is done. */
  providerPolls: 1,
  /** The local provider's `retryAfterMs`, in ms. */
  providerPollIntervalMs: 50,
  /** Jobs each worker process runs at once. */
  concurrency: 4,
  /** pg-boss idle fetch interval of each worker, in seconds (its minimum is 0.5). */
  pollingIntervalSeconds: 0.5,
  /** Options of createVideoQueue (the same in every process). */
  queue: { pollIntervalMs: 100, sweepCron: null, expireInSeconds: 60 },
} as const;
