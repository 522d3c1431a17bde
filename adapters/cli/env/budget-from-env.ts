import { InvalidRequestError, type BudgetOptions } from '@ring/video-conductor';
import { readVariable } from './read-env.js';
import type { VideoConductorEnv } from './video-conductor-env-options.js';

/** The budget variables and the {@link BudgetOptions} field each sets. */
export const budgetVariables = {
  VIDEO_CONDUCTOR_MAX_USD_PER_JOB: 'maxUsdPerJob',
  VIDEO_CONDUCTOR_MAX_USD_PER_DAY: 'maxUsdPerDay',
  VIDEO_CONDUCTOR_MAX_USD_PER_ACTOR: 'maxUsdPerActor',
} as const satisfies Record<string, keyof BudgetOptions>;

/**
 * The conductor's spending limits from the environment, in USD:
 * `VIDEO_CONDUCTOR_MAX_USD_PER_JOB` (largest estimated cost of one job),
 * `VIDEO_CONDUCTOR_MAX_USD_PER_DAY` (all jobs of the provider since 00:00 UTC) and
 * `VIDEO_CONDUCTOR_MAX_USD_PER_ACTOR` (one `audit.actorId` since 00:00 UTC). An unset or
 * empty variable sets no limit (`undefined`). Each value is a positive decimal number of
 * USD without unit or sign, e.g. `25` or `2.50`.
 *
 * @throws InvalidRequestError (field = the variable, code `INVALID_BUDGET`) for any other
 * value — a budget that is mistyped is refused, never ignored.
 * @example
 * ```ts
 * budgetFromEnv({ VIDEO_CONDUCTOR_MAX_USD_PER_DAY: '25', VIDEO_CONDUCTOR_MAX_USD_PER_JOB: '2.50' });
 * // { maxUsdPerJob: 2.5, maxUsdPerDay: 25 }
 * ```
 */
export function budgetFromEnv(env: VideoConductorEnv = process.env): BudgetOptions {
  const budget: BudgetOptions = {};
  for (const [name, field] of Object.entries(budgetVariables)) {
    const text = readVariable(env, name);
    if (text === undefined) continue;
    const value = Number(text);
    if (!/^\d+(?:\.\d+)?$/.test(text) || !Number.isFinite(value) || value <= 0) {
      throw new InvalidRequestError(`${name} must be a positive amount of USD such as 25 or 2.50, got ${JSON.stringify(text)}`, {
        field: name,
        code: 'INVALID_BUDGET',
      });
    }
    budget[field] = value;
  }
  return budget;
}
