import { errorMarker, markErrorClass, VideoConductorError } from './video-conductor-error.js';

/** Carrying out the request would exceed a configured budget. Thrown before any spend. */
export class BudgetExceededError extends VideoConductorError {
  static override readonly marker: symbol = errorMarker('BudgetExceededError');
  override readonly name: string = 'BudgetExceededError';
  /** Which budget, e.g. `maxUsdPerJob`. */
  readonly budget: string;
  /** The limit, in USD. */
  readonly limitUsd: number;
  /** What the request would bring the total to, in USD. */
  readonly requestedUsd: number;

  constructor(message: string, options: { budget: string; limitUsd: number; requestedUsd: number }) {
    super(message, { code: 'BUDGET_EXCEEDED', isRetryable: false });
    this.budget = options.budget;
    this.limitUsd = options.limitUsd;
    this.requestedUsd = options.requestedUsd;
  }
}
markErrorClass(BudgetExceededError);
