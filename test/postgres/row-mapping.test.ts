import { describe, expect, it } from 'vitest';
import { mapVideoRecordRow, toIsoTimestamp } from '../../adapters/postgres/map-video-record-row.js';

describe('Postgres ledger row mapping', () => {
  it('turns timestamps into ISO strings whether the driver returns a Date or Postgres text', () => {
    const expected = '2026-01-02T03:04:05.678Z';
    for (const value of [
      new Date(expected),
      '2026-01-02 03:04:05.678+00',
      '2026-01-02 03:04:05.678912+00',
      '2026-01-02 05:34:05.678+02:30',
      '2026-01-02 05:34:05.678+0230',
      '2026-01-01 22:04:05.678-05',
      '2026-01-02T03:04:05.678Z',
    ]) {
      expect(toIsoTimestamp(value), String(value)).toBe(expected);
    }
    expect(toIsoTimestamp('2026-01-02 03:04:05+00')).toBe('2026-01-02T03:04:05.000Z');
    expect(() => toIsoTimestamp('infinity')).toThrow(TypeError);
  });

  it('maps snake_case columns to camelCase fields: numeric/bigint strings to numbers, JSON text to values, NULL to null', () => {
    const record = mapVideoRecordRow({
      id: '0b4f5a2e-3c1d-4e6f-8a9b-0c1d2e3f4a5b',
      created_at: '2026-01-02 03:04:05.678+00',
      updated_at: new Date('2026-01-02T03:04:06.000Z'),
      status: 'succeeded',
      provider: 'xai',
      model: 'grok-imagine-video',
      quality_mode: 'draft',
      resolution: '480p',
      duration_sec: '6.5',
      aspect_ratio: null,
      operation: 'generate',
      prompt: 'p',
      image_url: null,
      source_video_url: null,
      request_id: 'req-1',
      idempotency_key: null,
      estimated_cost_usd: '0.325',
      actual_cost_usd: 0.3,
      storage_key: 'k',
      url: 'u',
      temporary_url: null,
      sha256: 'a'.repeat(64),
      size_bytes: 12345678901n,
      output_duration_sec: '6.04',
      first_frame: '{"source":"provided","url":"https://x"}',
      thumbnail: null,
      error: { code: 'X', message: 'm' },
      audit: null,
      metadata: { a: [1] },
      conductor_notes: '{"requestedQualityMode":"draft","upgrades":[],"warnings":[]}',
      lease_owner: null,
      lease_expires_at: null,
      extra_column_added_by_the_user: 'ignored',
    });
    expect(record).toEqual({
      id: '0b4f5a2e-3c1d-4e6f-8a9b-0c1d2e3f4a5b',
      createdAt: '2026-01-02T03:04:05.678Z',
      updatedAt: '2026-01-02T03:04:06.000Z',
      status: 'succeeded',
      provider: 'xai',
      model: 'grok-imagine-video',
      qualityMode: 'draft',
      resolution: '480p',
      durationSec: 6.5,
      aspectRatio: null,
      operation: 'generate',
      prompt: 'p',
      imageUrl: null,
      sourceVideoUrl: null,
      requestId: 'req-1',
      idempotencyKey: null,
      estimatedCostUsd: 0.325,
      actualCostUsd: 0.3,
      storageKey: 'k',
      url: 'u',
      temporaryUrl: null,
      sha256: 'a'.repeat(64),
      sizeBytes: 12345678901,
      outputDurationSec: 6.04,
      firstFrame: { source: 'provided', url: 'https://x' },
      thumbnail: null,
      error: { code: 'X', message: 'm' },
      audit: {},
      metadata: { a: [1] },
      conductor: { requestedQualityMode: 'draft', upgrades: [], warnings: [] },
      leaseOwner: null,
      leaseExpiresAt: null,
    });
  });
});
