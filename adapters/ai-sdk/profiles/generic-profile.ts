import { classifyByMessage, type AiSdkProviderProfile } from '../provider-profile.js';

/**
 * Providers without a table of their own (`@ai-sdk/xai`, and any other AI SDK video model):
 * the bridge's long-standing behaviour — resolution as `{width}x{height}`, the
 * `idempotency-key` header, cost from `costUsd` / xAI's `costInUsdTicks` — and every failure
 * sentence confirmed by a re-read ({@link classifyByMessage}).
 */
export function genericProfile(name: string): AiSdkProviderProfile {
  return {
    name,
    matches: () => true,
    sendsIdempotencyKey: true,
    reportsCost: true,
    placeOptions: (_input, mapped) => ({ resolution: mapped, warnings: [] }),
    moderationOfCompleted: () => undefined,
    classifyFailure: classifyByMessage,
    moderationOfSubmitError: () => undefined,
    statusUrlOf: () => undefined,
    statusOfThrown: () => undefined,
  };
}
