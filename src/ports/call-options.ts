/** Options every port method accepts. */
export interface CallOptions {
  /** Aborts the call; the method then rejects with the signal's reason. `undefined`: not abortable. */
  signal?: AbortSignal;
  /** Extra HTTP headers for adapters that speak HTTP; ignored by the others. */
  headers?: Record<string, string>;
}
