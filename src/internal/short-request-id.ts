/** Longest request id shown whole in a message. */
const maxShown = 48;

/**
 * A request id for messages: ids up to 48 characters as they are; longer ones (the AI SDK
 * bridge's `aisdk1.…` ids hold a whole operation, e.g. fal's two URLs, ~230 characters) as
 * their first 32 and last 8 characters around `…`. The full id stays in `error.requestId`
 * and the row. `null` (no request id yet) reads `null`.
 *
 * @example
 * ```ts
 * shortRequestId('job-1'); // 'job-1'
 * shortRequestId('aisdk1.' + 'x'.repeat(200)); // 'aisdk1.xxxxxxxxxxxxxxxxxxxxxxxxx…xxxxxxxx'
 * ```
 */
export function shortRequestId(requestId: string | null): string {
  if (requestId === null) return 'null';
  return requestId.length <= maxShown ? requestId : `${requestId.slice(0, 32)}…${requestId.slice(-8)}`;
}
