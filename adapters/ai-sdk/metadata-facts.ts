import type { SharedV4ProviderMetadata } from './ai-sdk-types.js';

/** 10^10 ticks make one US dollar in xAI's `costInUsdTicks`. */
const xaiTicksPerUsd = 1e10;

/** What the bridge reads from a status's provider metadata. */
export interface MetadataFacts {
  /** Percent done, 0–100. */
  progress?: number;
  /** Length of the produced clip, in seconds. */
  durationSec?: number;
}

/**
 * Scans the provider metadata (keyed by provider, e.g. `{ xai: { … } }`) for the facts AI SDK
 * providers report under common names: `progress` (0–100), and `duration` /
 * `durationSec` / `durationSeconds` (also in `videos[0]`, as fal writes it).
 */
export function readMetadataFacts(metadata: SharedV4ProviderMetadata | undefined): MetadataFacts {
  const facts: MetadataFacts = {};
  for (const entry of Object.values(metadata ?? {})) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) continue;
    const record = entry as Record<string, unknown>;
    const progress = record.progress;
    if (facts.progress === undefined && typeof progress === 'number' && Number.isFinite(progress)) {
      facts.progress = Math.min(100, Math.max(0, progress));
    }
    const firstVideo = Array.isArray(record.videos) && typeof record.videos[0] === 'object' && record.videos[0] !== null ? (record.videos[0] as Record<string, unknown>) : {};
    for (const candidate of [record.duration, record.durationSec, record.durationSeconds, firstVideo.duration]) {
      if (facts.durationSec === undefined && typeof candidate === 'number' && Number.isFinite(candidate) && candidate > 0) facts.durationSec = candidate;
    }
  }
  return facts;
}

/**
 * The default of `costUsdOf`: a `costUsd` number, or xAI's `costInUsdTicks` / 10^10, under
 * any provider key of the metadata. `undefined` when none is reported.
 *
 * @example
 * ```ts
 * defaultCostUsdOf({ xai: { costInUsdTicks: 4_800_000_000 } }); // 0.48
 * ```
 */
export function defaultCostUsdOf(metadata: SharedV4ProviderMetadata | undefined): number | undefined {
  for (const entry of Object.values(metadata ?? {})) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) continue;
    const record = entry as Record<string, unknown>;
    if (typeof record.costUsd === 'number' && Number.isFinite(record.costUsd) && record.costUsd >= 0) return record.costUsd;
    if (typeof record.costInUsdTicks === 'number' && Number.isFinite(record.costInUsdTicks) && record.costInUsdTicks >= 0) {
      return record.costInUsdTicks / xaiTicksPerUsd;
    }
  }
  return undefined;
}
