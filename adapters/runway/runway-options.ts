import type { Clock, Sleep } from '@ring/video-conductor';

/**
 * Options of {@link createRunway}, {@link createRunwayVideoProvider} and
 * {@link createRunwayImageProvider}. Every side effect (fetch, sleep, randomness, clock) can be
 * injected; nothing is read from the environment, and `@runwayml/sdk` is not loaded, until
 * the first call.
 *
 * @example
 * ```ts
 * const runway = createRunway({ apiKey: process.env.MY_RUNWAY_KEY, timeoutMs: 30_000, maxRetries: 3 });
 * ```
 */
export interface RunwayOptions {
  /**
   * The Runway API secret. Read lazily: when omitted, `process.env.RUNWAYML_API_SECRET` is
   * read at the first call (not at import or construction). A missing key rejects that call
   * with an `InvalidRequestError` (field `apiKey`, code `MISSING_API_KEY`). The key never
   * appears in an error message, `cause`, `toJSON()`, event or log.
   *
   * @default process.env.RUNWAYML_API_SECRET
   */
  apiKey?: string;
  /**
   * Base URL of the Runway API (without `/v1`). Unlike the official SDK on its own,
   * `RUNWAYML_BASE_URL` is not read: pass it here.
   *
   * @default 'https://api.dev.runwayml.com'
   */
  baseURL?: string;
  /**
   * The API version sent as `X-Runway-Version` on every request. Runway versions its API by
   * date; the bodies this adapter builds follow this version.
   *
   * @default '2024-11-06'
   */
  runwayVersion?: string;
  /**
   * The `fetch` the SDK sends every request with.
   *
   * @default globalThis.fetch
   */
  fetch?: typeof globalThis.fetch;
  /**
   * Time limit of one HTTP attempt, in ms. A timed-out attempt rejects with a retryable
   * `ProviderError` code `TIMEOUT`; task reads are then retried, billable POSTs are not (the
   * task may have started).
   *
   * @default 60000
   */
  timeoutMs?: number;
  /**
   * How many times a failed call is repeated. The SDK's own retries are always off (it would
   * re-send a billable POST after a 5xx or a timeout); this adapter retries instead: task
   * reads and cancels on any retryable failure, billable POSTs (`text_to_video`,
   * `image_to_video`, `text_to_image`) only on HTTP 429, HTTP 503 or a refused connection —
   * the cases that provably started no task. `0` disables retries.
   *
   * @default 2
   */
  maxRetries?: number;
  /**
   * Extra headers for every request; `CallOptions.headers` override these.
   *
   * @default {}
   */
  headers?: Record<string, string>;
  /**
   * How long the image provider waits between two reads of a `text_to_image` task, in ms.
   * Runway asks not to read one task more often than every 5 s.
   *
   * @default 5000
   */
  imagePollIntervalMs?: number;
  /**
   * How long the image provider waits for a `text_to_image` task in total, in ms, before it
   * rejects with a `ProviderError` code `TIMEOUT` (not retryable: the image task may still be billed).
   *
   * @default 300000
   */
  imageTimeoutMs?: number;
  /**
   * Waits between retries and image task reads; inject a fake one in tests to run on fake time.
   *
   * @default systemSleep
   */
  sleep?: Sleep;
  /**
   * Source of randomness for retry jitter, in `[0, 1)`.
   *
   * @default Math.random
   */
  random?: () => number;
  /**
   * Clock used to turn an HTTP-date `Retry-After` into a delay and to bound image waits.
   *
   * @default systemClock
   */
  clock?: Clock;
}

/**
 * The default of {@link RunwayOptions.baseURL}.
 *
 * @example
 * ```ts
 * createRunway({ baseURL: runwayDefaultBaseURL }); // same as createRunway()
 * ```
 */
export const runwayDefaultBaseURL = 'https://api.dev.runwayml.com';

/**
 * The default of {@link RunwayOptions.runwayVersion}: the `X-Runway-Version` this adapter
 * was written and tested against (also the official SDK's default).
 *
 * @example
 * ```ts
 * createRunway({ runwayVersion: runwayDefaultVersion });
 * ```
 */
export const runwayDefaultVersion = '2024-11-06';

/**
 * The default of {@link RunwayOptions.timeoutMs}, in ms.
 *
 * @example
 * ```ts
 * createRunway({ timeoutMs: runwayDefaultTimeoutMs * 2 });
 * ```
 */
export const runwayDefaultTimeoutMs = 60_000;

/**
 * The default of {@link RunwayOptions.maxRetries}.
 *
 * @example
 * ```ts
 * createRunway({ maxRetries: runwayDefaultMaxRetries + 2 });
 * ```
 */
export const runwayDefaultMaxRetries = 2;
