/** Longest request id shown whole in a message. */
const maxShown = 48;

/**
 * A request id for messages: up to 48 characters as it is, longer ones (an AI SDK bridge id
 * holds a whole operation, ~230 characters for fal) as the first 32 and last 8 characters
 * around `…`. Errors keep the full id in `requestId`, rows in `requestId`.
 */
export function shortRequestId(requestId: string | null): string {
  if (requestId === null) return 'null';
  return requestId.length <= maxShown ? requestId : `${requestId.slice(0, 32)}…${requestId.slice(-8)}`;
}
