import type { AiSdkProviderProfile } from '../provider-profile.js';
import { falProfile } from './fal-profile.js';
import { genericProfile } from './generic-profile.js';
import { googleProfile } from './google-profile.js';
import { replicateProfile } from './replicate-profile.js';

/** The providers the bridge has a table for, in lookup order. */
const profiles: readonly AiSdkProviderProfile[] = [falProfile, googleProfile, replicateProfile];

/**
 * The table for an AI SDK model's `provider` (`fal.video` → fal, `google.generative-ai` →
 * google, `replicate.video` → replicate); the generic rule for any other.
 */
export function profileFor(provider: string): AiSdkProviderProfile {
  return profiles.find((profile) => profile.matches(provider)) ?? genericProfile(provider.split('.')[0] || 'ai-sdk');
}
