/**
 * Response headers as a provider adapter holds them: a fetch `Headers` object, or a plain
 * record (the AI SDK's `responseHeaders`, lower-cased or not). Anything else counts as no
 * headers.
 */
export type HeadersLike = Headers | Readonly<Record<string, unknown>>;

const decimal = /^\d+(?:\.\d+)?$/;

/**
 * Reads how long a server asked the caller to wait before repeating a request, in ms:
 * `retry-after-ms` (milliseconds) when present, else `Retry-After` as delay-seconds or as an
 * HTTP date (relative to `now`). Header names match in any case.
 *
 * @param headers The response headers; `undefined` or a non-object gives `undefined`.
 * @param now The current time, in ms since the epoch (an injected clock in tests).
 * @returns The delay in ms, never negative; `undefined` when neither header is present or
 *   parseable.
 *
 * @example
 * ```ts
 * parseRetryAfter(new Headers({ 'Retry-After': '3' }), Date.now()); // 3000
 * parseRetryAfter({ 'retry-after-ms': '250' }, Date.now());          // 250
 * ```
 */
export function parseRetryAfter(headers: HeadersLike | undefined | unknown, now: number): number | undefined {
  const milliseconds = readHeader(headers, 'retry-after-ms');
  if (milliseconds && decimal.test(milliseconds)) return Math.ceil(Number(milliseconds));

  const value = readHeader(headers, 'retry-after');
  if (!value) return undefined;
  if (decimal.test(value)) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A header's trimmed value, whatever the holder; `undefined` when absent or not a string. */
function readHeader(headers: unknown, name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  // Duck-typed: a Headers object from another realm or polyfill has `get` too.
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name)?.trim();
  const value = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  return typeof value === 'string' ? value.trim() : undefined;
}
