import type { Clock, Sleep } from '@ring/video-conductor';

/**
 * Options of {@link createXai}, {@link createXaiVideoProvider} and
 * {@link createXaiImageProvider}. Every side effect (fetch, sleep, randomness, clock) can be
 * injected; nothing is read from the environment until the first call.
 *
 * @example
 * ```ts
 * const xai = createXai({ apiKey: process.env.MY_XAI_KEY, timeoutMs: 30_000, maxRetries: 3 });
 * ```
 */
export interface XaiOptions {
  /**
   * The xAI API key. Read lazily: when omitted, `process.env.XAI_API_KEY` is read at the
   * first call (not at import or construction). A missing key rejects that call with an
   * `InvalidRequestError` (field `apiKey`, code `MISSING_API_KEY`). The key never appears
   * in an error message, `cause`, `toJSON()`, event or log.
   *
   * @default process.env.XAI_API_KEY
   */
  apiKey?: string;
  /**
   * Base URL of the xAI REST API, e.g. a proxy or a regional endpoint. Paths such as
   * `/videos/generations` are appended to it.
   *
   * @default 'https://api.x.ai/v1'
   */
  baseURL?: string;
  /**
   * The `fetch` used for every request (handed to ky's `fetch` option). It receives a
   * `Request` object.
   *
   * @default globalThis.fetch
   */
  fetch?: typeof globalThis.fetch;
  /**
   * Time limit of one HTTP attempt (request, response headers and body), in ms. A timed-out
   * attempt rejects with a retryable `ProviderError` code `TIMEOUT`; status reads are then
   * retried, billable POSTs are not (the job may have started).
   *
   * @default 60000
   */
  timeoutMs?: number;
  /**
   * How many times a failed call is repeated. Status reads retry any retryable failure;
   * billable POSTs (video submit, image generation) retry only on HTTP 429, HTTP 503 or a
   * refused connection — the cases that provably started no job. `0` disables retries.
   *
   * @default 2
   */
  maxRetries?: number;
  /**
   * Extra headers for every request. They override the adapter's own headers of the same
   * name; `CallOptions.headers` override these.
   *
   * @default {}
   */
  headers?: Record<string, string>;
  /**
   * Format of generated images: a (temporary) `url`, or the bytes (`b64_json`, returned
   * as `data`).
   *
   * @default 'url'
   */
  imageResponseFormat?: 'url' | 'b64_json';
  /**
   * Waits between retries; inject a fake one in tests to run on fake time.
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
   * Clock used to turn an HTTP-date `Retry-After` into a delay.
   *
   * @default systemClock
   */
  clock?: Clock;
}

/**
 * The default of {@link XaiOptions.baseURL}.
 *
 * @example
 * ```ts
 * createXai({ baseURL: xaiDefaultBaseURL }); // same as createXai()
 * ```
 */
export const xaiDefaultBaseURL = 'https://api.x.ai/v1';

/**
 * The default of {@link XaiOptions.timeoutMs}, in ms.
 *
 * @example
 * ```ts
 * createXai({ timeoutMs: xaiDefaultTimeoutMs * 2 }); // slow network: two minutes per attempt
 * ```
 */
export const xaiDefaultTimeoutMs = 60_000;

/**
 * The default of {@link XaiOptions.maxRetries}.
 *
 * @example
 * ```ts
 * createXai({ maxRetries: xaiDefaultMaxRetries + 2 });
 * ```
 */
export const xaiDefaultMaxRetries = 2;
