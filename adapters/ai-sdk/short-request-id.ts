/** Longest request id shown whole in a message. */
const maxShown = 48;

/**
 * A request id for messages: ids up to 48 characters as they are; longer ones (the bridge's
 * `aisdk1.…` ids hold a whole operation, e.g. fal's two URLs, ~230 characters) as their first
 * 32 and last 8 characters around `…`. The full id stays in `error.requestId` and the row.
 *
 * @example
 * ```ts
 * shortRequestId('aisdk1.eyJyZXNwb25zZVVybCI6Imh0dHBzOi8vcXVldWUuZmFsLnJ1bi9mYWwtYWkv…'); // 'aisdk1.eyJyZXNwb25zZVVybCI6Imh0d…In0'
 * ```
 */
export function shortRequestId(requestId: string): string {
  return requestId.length <= maxShown ? requestId : `${requestId.slice(0, 32)}…${requestId.slice(-8)}`;
}
