import { PGlite } from '@electric-sql/pglite';
import { createVideoConductor, resultFromRecord, type Ledger } from '@ring/video-conductor';
import { createPostgresLedger, migrate } from '@ring/video-conductor/postgres';
import { createFakeTime, MemoryLedger, MemoryStorage, ScriptedVideoProvider } from '@ring/video-conductor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let db: PGlite;
beforeAll(async () => {
  db = await PGlite.create();
  await migrate(db, { table: 'notes_videos' });
});
afterAll(async () => db?.close());

const ledgers: [string, () => Ledger][] = [
  ['memory', () => new MemoryLedger()],
  ['PGlite', () => createPostgresLedger({ db, table: 'notes_videos' })],
];

describe.each(ledgers)('the conductor keeps its notes out of the caller’s metadata (%s ledger)', (_kind, makeLedger) => {
  it('metadata.videoConductor of the caller comes back untouched; the notes live in record.conductor', async () => {
    const provider = new ScriptedVideoProvider({ capabilities: { edit: true } });
    const ledger = makeLedger();
    const { clock, sleep } = createFakeTime();
    const conductor = createVideoConductor({ provider, ledger, storage: new MemoryStorage(), fetch: provider.fetch, urlPolicy: provider.urlPolicy, clock, sleep });
    const metadata = { videoConductor: { campaign: 'spring', warnings: 'not yours' }, other: [1, { deep: true }] };
    const result = await conductor.generate({ prompt: 'x', sourceVideoUrl: 'https://media.example.com/a.mp4', durationSec: 6, metadata });
    expect(result).toMatchObject({ status: 'succeeded' });
    // The plan warned (edit ignores duration); the warning is the conductor's, kept apart.
    expect(result.warnings.length).toBeGreaterThan(0);
    const row = await ledger.get(result.recordId);
    expect(row!.metadata).toEqual(metadata);
    expect(row!.conductor).toMatchObject({ requestedQualityMode: 'draft', warnings: result.warnings });
  });
});

describe('rows written before record.conductor existed', () => {
  it('are read from metadata.videoConductor (PGlite row with conductor_notes NULL)', async () => {
    const ledger = createPostgresLedger({ db, table: 'notes_videos' });
    const legacyNotes = {
      requestedQualityMode: 'draft',
      upgrades: [{ from: 'draft', to: 'draft_i2v', reason: 'image', detail: 'imageUrl needs an image-to-video mode' }],
      warnings: [{ type: 'other', message: 'from before the migration' }],
    };
    const inserted = await ledger.insert({
      id: '11111111-1111-4111-8111-111111111111',
      status: 'succeeded',
      provider: 'scripted',
      model: 'm',
      qualityMode: 'draft_i2v',
      resolution: '480p',
      durationSec: 6,
      aspectRatio: '16:9',
      operation: 'generate',
      prompt: 'old',
      imageUrl: 'https://media.example.com/a.png',
      sourceVideoUrl: null,
      requestId: 'job-old',
      idempotencyKey: null,
      estimatedCostUsd: 0.5,
      actualCostUsd: null,
      storageKey: 'videos/old.mp4',
      url: 'memory://old.mp4',
      temporaryUrl: 'https://scripted.video.test/job-old.mp4',
      sha256: 'a'.repeat(64),
      sizeBytes: 10,
      outputDurationSec: 6,
      firstFrame: null,
      thumbnail: null,
      error: null,
      audit: {},
      metadata: { videoConductor: legacyNotes, mine: 1 },
    });
    const { rows } = await db.query<{ conductor_notes: unknown }>('select conductor_notes from notes_videos where id = $1', [inserted.id]);
    expect(rows[0]!.conductor_notes).toBeNull();
    const result = resultFromRecord((await ledger.get(inserted.id))!);
    expect(result).toMatchObject({ upgrades: legacyNotes.upgrades, warnings: legacyNotes.warnings });

    const provider = new ScriptedVideoProvider();
    const conductor = createVideoConductor({ provider, ledger });
    expect(await conductor.resume(inserted.id)).toMatchObject({ status: 'succeeded', upgrades: legacyNotes.upgrades, warnings: legacyNotes.warnings });
  });
});
