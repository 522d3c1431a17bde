import { randomUUID } from 'node:crypto';
import type { NewVideoRecord } from '@ring/video-conductor';
import { sampleVideoRecord } from './sample-video-record.js';

/**
 * A record with every field set, for the ledger round-trip case: JSON columns with
 * nesting, arrays, empty objects, `null`, `false` and `0`; unicode, quotes, backslashes
 * and SQL-looking text; non-integer money and durations. What a database adapter most
 * often mangles.
 */
export function roundTripVideoRecord(provider: string): NewVideoRecord {
  return sampleVideoRecord({
    status: 'succeeded',
    provider,
    model: 'grok-imagine-video-1.5',
    qualityMode: 'production_i2v',
    resolution: '720p',
    durationSec: 8,
    aspectRatio: '9:16',
    operation: 'generate',
    prompt: 'Дрон над Києвом на світанку 🌅 — "quoted", \'single\', back\\slash, 50% off; DROP TABLE x;',
    imageUrl: 'https://images.example.com/first-frame.png?sig=a%2Fb&x=1',
    sourceVideoUrl: null,
    requestId: `req-${randomUUID()}`,
    idempotencyKey: `contract-round-trip-${randomUUID()}`,
    estimatedCostUsd: 1.14,
    actualCostUsd: 1.1425,
    storageKey: 'videos/2026/05/ünïcödé clip.mp4',
    url: 'https://cdn.example.com/videos/clip.mp4',
    temporaryUrl: 'https://vidgen.x.ai/tmp/clip.mp4?expires=1',
    sha256: 'a'.repeat(64),
    sizeBytes: 12_345_678,
    outputDurationSec: 8.04,
    firstFrame: {
      source: 'generated',
      url: 'https://cdn.example.com/frames/first.png',
      prompt: 'Світанок над Дніпром, "кінематографічно"',
      provider: 'xai',
      model: 'grok-2-image',
      storageKey: 'frames/first.png',
      costUsd: 0.07,
      contentType: 'image/png',
    },
    thumbnail: { storageKey: 'thumbs/t.jpg', url: 'https://cdn.example.com/thumbs/t.jpg', contentType: 'image/jpeg', width: 1280, height: 720 },
    error: { code: 'PERSIST_FAILED', message: 'He said "no" — it\'s \\ broken', retryable: true, step: 'persist' },
    audit: { clipId: 'clip-7', pipelineRequestId: 'run-42', refCode: 'ORDER-№1', actorId: 'user@example.com' },
    metadata: {
      videoConductor: { note: 'the caller’s own key of this name' },
      nested: { deep: { list: [1, 'two', null, true, 2.5, { x: [] }], emoji: '🎬', quotes: `"'\`` } },
      empty: {},
      zero: 0,
      flag: false,
    },
    conductor: {
      requestedQualityMode: 'production',
      upgrades: [{ from: 'production', to: 'production_i2v', reason: 'image', detail: 'imageUrl needs an image-to-video mode' }],
      warnings: [{ type: 'unsupported', field: 'resolution', detail: 'ignored by "edit" — ✓' }],
      thumbnail: { title: 'Kyiv “at dawn”', brandColor: '#0057b7' },
    },
  });
}
