import { systemSleep, type Sleep } from '@ring/video-conductor';
import { xaiDefaultMaxRetries, type XaiOptions } from './xai-options.js';

/**
 * How both xAI providers repeat a call, from the factory options. The rules and the timing
 * are the provider kit's (`withProviderRetry` with `retryReadRule` for status reads,
 * `retryBillableRule` for the billable POSTs).
 */
export function retrySettingsOf(options: XaiOptions): { maxRetries: number; sleep: Sleep; random: () => number } {
  return {
    maxRetries: Math.max(0, Math.floor(options.maxRetries ?? xaiDefaultMaxRetries)),
    sleep: options.sleep ?? systemSleep,
    random: options.random ?? Math.random,
  };
}
