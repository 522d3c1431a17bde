import type { ClaimStaleInput } from '../ports/ledger.js';

/**
 * What is wrong with a `claimStale` input, or `undefined` when it is valid. Shared by every
 * ledger so they refuse the same inputs; each turns the answer into its `INVALID_QUERY` error.
 */
export function checkClaimStaleInput(input: ClaimStaleInput): string | undefined {
  const { olderThanMs, owner, leaseMs, limit } = input;
  if (!Number.isFinite(olderThanMs) || olderThanMs < 0) return 'olderThanMs must be a number ≥ 0';
  if (!Number.isFinite(leaseMs) || leaseMs <= 0) return 'leaseMs must be a number > 0';
  if (!Number.isInteger(limit) || limit < 1) return 'limit must be a whole number ≥ 1';
  if (typeof owner !== 'string' || owner === '') return 'owner must be a non-empty string';
  return undefined;
}
