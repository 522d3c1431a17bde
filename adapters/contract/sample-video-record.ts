import { randomUUID } from 'node:crypto';
import type { NewVideoRecord } from '@ring/video-conductor';

/**
 * A valid {@link NewVideoRecord} for ledger tests: a fresh random UUID, status `pending`,
 * an xAI-like draft job of 6 s, and `null` or empty values for everything the conductor
 * fills in later. `overrides` replace fields wholesale (`audit` and `metadata` too).
 *
 * @example
 * ```ts
 * await ledger.insert(sampleVideoRecord({ provider: 'my-test', idempotencyKey: 'order-42' }));
 * ```
 */
export function sampleVideoRecord(overrides: Partial<NewVideoRecord> = {}): NewVideoRecord {
  return {
    id: randomUUID(),
    status: 'pending',
    provider: 'contract-test',
    model: 'grok-imagine-video',
    qualityMode: 'draft',
    resolution: '480p',
    durationSec: 6,
    aspectRatio: '16:9',
    operation: 'generate',
    prompt: 'A drone shot over Kyiv at dawn',
    imageUrl: null,
    sourceVideoUrl: null,
    requestId: null,
    idempotencyKey: null,
    estimatedCostUsd: 0.3,
    actualCostUsd: null,
    storageKey: null,
    url: null,
    temporaryUrl: null,
    sha256: null,
    sizeBytes: null,
    outputDurationSec: null,
    firstFrame: null,
    thumbnail: null,
    error: null,
    audit: {},
    metadata: {},
    conductor: null,
    ...overrides,
  };
}
