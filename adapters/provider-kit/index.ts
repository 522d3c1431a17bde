/**
 * `@ring/video-conductor/provider-kit` — the helpers for writing an adapter, kept out of the
 * root entry (which holds the app API). The bundled xAI and AI SDK adapters use exactly these;
 * `docs/writing-adapters.md` shows them at work.
 *
 * - Provider adapters: {@link errorFromHttpStatus} (one status → error table),
 *   {@link parseRetryAfter}, the retry rules in one place
 *   ({@link withProviderRetry} with {@link retryReadRule} for reads and
 *   {@link retryBillableRule} for calls that spend money), and {@link redactSecrets}. The
 *   transport facts a retry needs are public fields of `ProviderError` (`status`,
 *   `connectionRefused`, `retryAfterMs`), set where the vendor error is mapped.
 * - Storage adapters: {@link validateStorageKey}, the key rules every storage shares.
 * - Ledger adapters: {@link encodeListCursor} / {@link decodeListCursor} (keyset cursors of
 *   `Ledger.list`) and {@link checkClaimStaleInput}.
 * - The building blocks: {@link retryWithBackoff} and {@link isRetryableHttpStatus}.
 * - Messages: {@link shortRequestId}, a long provider request id shortened for an error message.
 * - Optional peers: {@link isModuleNotFound}, whether a failed import means "not installed".
 * - Schemas: `ExactFields`, a compile-time check that a zod schema accepts exactly the fields
 *   of the interface it validates.
 *
 * **One copy of core.** The kit is built like an adapter: its code imports core by the
 * package name, which the build keeps external, so the ESM and the CJS build each load one
 * copy of core and of its error classes (`npm run check:package` fails on an inlined copy).
 * Helpers with no use inside core live here only (`parseRetryAfter`, `redactSecrets`, the
 * retry rules, `validateStorageKey`). Helpers core itself runs (`retryWithBackoff` in the
 * conductor, the list cursor and the claim check in `MemoryLedger`, `isRetryableHttpStatus`
 * in `ProviderError`) stay in core's code, where the kit re-exports them from: the root
 * entry still carries them for that reason, marked `@internal` and left out of its
 * reference, so apps see them only here.
 *
 * @example
 * ```ts
 * import { ProviderError, systemSleep } from '@ring/video-conductor';
 * import { parseRetryAfter, redactSecrets, retryReadRule, withProviderRetry } from '@ring/video-conductor/provider-kit';
 *
 * async function getJob(id: string, apiKey: string): Promise<unknown> {
 *   return withProviderRetry(
 *     async () => {
 *       const response = await fetch(`https://api.acme.test/v1/jobs/${id}`, { headers: { Authorization: `Bearer ${apiKey}` } });
 *       if (response.ok) return response.json();
 *       const retryAfterMs = parseRetryAfter(response.headers, Date.now());
 *       throw new ProviderError(`GET /v1/jobs/${id} failed with ${response.status}: ${redactSecrets(await response.text(), [apiKey])}`, {
 *         provider: 'acme',
 *         status: response.status,
 *         ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
 *       });
 *     },
 *     { rule: retryReadRule, maxRetries: 2, sleep: systemSleep },
 *   );
 * }
 * ```
 *
 * @module
 */
export { parseRetryAfter, type HeadersLike } from './parse-retry-after.js';
export { redactSecrets } from './redact-secrets.js';
export { isModuleNotFound } from './is-module-not-found.js';
export { errorFromHttpStatus, type HttpStatusErrorOptions } from './error-from-http-status.js';
export {
  providerMaxRetryAfterMs,
  retryAfterOf,
  retryBillableRule,
  retryReadRule,
  withProviderRetry,
  type ProviderRetrySettings,
  type RetryRule,
} from './provider-retry.js';
export { validateStorageKey } from './validate-storage-key.js';
export {
  checkClaimStaleInput,
  decodeListCursor,
  encodeListCursor,
  isRetryableHttpStatus,
  retryWithBackoff,
  shortRequestId,
  type ExactFields,
  type ListCursor,
  type RetryOptions,
} from '@ring/video-conductor';
