/**
 * Reads how long a server asked us to wait, in ms: `retry-after-ms` (milliseconds) when
 * present, else `Retry-After` as delay-seconds or as an HTTP date. `undefined` when neither
 * header is present or parseable. Never negative.
 */
export function parseRetryAfter(headers: Headers, now: number): number | undefined {
  const milliseconds = headers.get('retry-after-ms')?.trim();
  if (milliseconds && /^\d+(?:\.\d+)?$/.test(milliseconds)) return Math.ceil(Number(milliseconds));

  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(?:\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
