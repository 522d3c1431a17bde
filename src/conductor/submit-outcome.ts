import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { ProviderError } from '../errors/provider-error.js';

/**
 * Whether a failed submit provably started no job at the provider. Only answers the provider
 * gives *instead of* accepting a job count: a validation or auth refusal (4xx other than 408),
 * a rate limit (429), "not accepting work" (503), or a refused connection (nothing was sent). Everything else — a timeout, a reset
 * connection, a 500/502/504, an abort while the request was on the wire, an unknown error —
 * may have created (and billed) a job whose id never arrived, so the outcome is unknown.
 */
export function submitStartedNothing(error: unknown): boolean {
  if (InvalidRequestError.isInstance(error)) return true;
  if (!ProviderError.isInstance(error)) return false;
  if (error.connectionRefused === true) return true;
  if (error.status === undefined) return false;
  const { status } = error;
  return status === 503 || (status >= 400 && status < 500 && status !== 408);
}
