import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createVideoConductor, StorageError, type Storage, type VideoConductor, type VideoRecord } from '@ring/video-conductor';
import { sampleVideoRecord } from '@ring/video-conductor/contract';
import { createFsStorage } from '@ring/video-conductor/fs';
import { createPostgresLedger, migrate, type PostgresLedger } from '@ring/video-conductor/postgres';
import { createLocalImageProvider, createLocalVideoProvider, type LocalVideoProvider } from '@ring/video-conductor/local';
import { createSharpThumbnailRenderer } from '@ring/video-conductor/thumbnail';

/** The seeded ledger: a small campaign made through the local provider, plus billed history rows. */
export interface StudioFixture {
  db: PGlite;
  ledger: PostgresLedger;
  storage: Storage;
  provider: LocalVideoProvider;
  /** A conductor over the same ledger and (working) storage: what the studio acts with. */
  conductor: VideoConductor;
  campaign: string;
  /** The campaign's clips by outcome. */
  clips: { succeeded: VideoRecord; moderated: VideoRecord; failed: VideoRecord; persistFailed: VideoRecord };
  close(): Promise<void>;
}

/**
 * Seeds a PGlite ledger: campaign `spring-launch` through the real conductor and the local
 * provider (one clip succeeded with first frame and thumbnail, one moderated, one failed, one
 * `persist_failed` because the storage refused its upload), then `historyRows` rows written
 * straight into the ledger with billed costs over several days, actors and modes.
 */
export async function createStudioFixture(options: { historyRows?: number } = {}): Promise<StudioFixture> {
  const directory = await mkdtemp(join(tmpdir(), 'studio-'));
  const db = await PGlite.create();
  await migrate(db);
  const ledger = createPostgresLedger({ db });
  const storage = createFsStorage({ directory: join(directory, 'media') });
  const provider = createLocalVideoProvider({ polls: 1, pollIntervalMs: 10 });
  let refuseUploads = false;
  // The same storage, but its `put` fails while `refuseUploads` is set: a `persist_failed` job.
  const flakyStorage: Storage = {
    specificationVersion: 'v1',
    id: storage.id,
    put: (key, body, meta, callOptions) =>
      refuseUploads && key.endsWith('.mp4') ? Promise.reject(new StorageError('put failed: the disk is full (test)', { storage: storage.id, key })) : storage.put(key, body, meta, callOptions),
    url: (key) => storage.url(key),
    head: (key, callOptions) => storage.head(key, callOptions),
    delete: (key, callOptions) => storage.delete(key, callOptions),
  };
  // The local provider and image provider serve on loopback: both the conductor and the thumbnail renderer opt in.
  const common = { provider, imageProvider: createLocalImageProvider(), ledger, fetch: provider.fetch, urlPolicy: provider.urlPolicy, polling: { intervalMs: 10 }, thumbnailRenderer: createSharpThumbnailRenderer({ urlPolicy: provider.urlPolicy }) };
  const seeding = createVideoConductor({ ...common, storage: flakyStorage, persistRetries: 0 });
  const campaign = 'spring-launch';
  const audit = (clipId: string, actorId = 'olena') => ({ clipId, pipelineRequestId: campaign, actorId });
  const settle = (promise: Promise<unknown>) => promise.then(() => undefined, () => undefined);

  await settle(seeding.generate({ prompt: 'A drone shot over Kyiv at dawn', firstFramePrompt: 'Kyiv skyline at dawn', durationSec: 4, thumbnail: { title: 'Spring launch' }, audit: audit('clip-1') }));
  await settle(seeding.generate({ prompt: 'A crowded beach party [local:moderated]', durationSec: 4, audit: audit('clip-2') }));
  await settle(seeding.generate({ prompt: 'A rocket lifting off [local:failed]', durationSec: 4, audit: audit('clip-3', 'taras') }));
  refuseUploads = true;
  await settle(seeding.generate({ prompt: 'Sunflowers swaying in the wind', durationSec: 4, qualityMode: 'production', audit: audit('clip-4', 'taras') }));
  refuseUploads = false;

  const page = await ledger.list({ audit: { pipelineRequestId: campaign } });
  const byClip = (clipId: string) => {
    const record = page.records.find((candidate) => candidate.audit.clipId === clipId);
    if (record === undefined) throw new Error(`seed: no row for ${clipId}`);
    return record;
  };
  const clips = { succeeded: byClip('clip-1'), moderated: byClip('clip-2'), failed: byClip('clip-3'), persistFailed: byClip('clip-4') };
  const expected = { succeeded: 'succeeded', moderated: 'moderated', failed: 'failed', persistFailed: 'persist_failed' } as const;
  for (const [name, status] of Object.entries(expected)) {
    const got = clips[name as keyof typeof clips].status;
    if (got !== status) throw new Error(`seed: ${name} is ${got}, expected ${status}`);
  }

  // Billed history: prices that do not add up exactly in binary floating point.
  const actors = ['olena', 'taras', 'mykola'];
  const modes = ['draft', 'production', 'draft_i2v'];
  const rows = options.historyRows ?? 12;
  for (let index = 0; index < rows; index++) {
    const record = await ledger.insert(
      sampleVideoRecord({
        provider: 'xai',
        status: index % 7 === 6 ? 'failed' : 'succeeded',
        prompt: `Archive clip ${index}: a city timelapse`,
        qualityMode: modes[index % modes.length]!,
        estimatedCostUsd: [0.3, 0.42, 0.7, 0.05][index % 4]!,
        actualCostUsd: index % 5 === 4 ? null : [0.3, 0.4, 0.71, 0.07][index % 4]!,
        requestId: `req-${index}`,
        audit: { actorId: actors[index % actors.length]!, pipelineRequestId: `archive-${index % 2}`, clipId: `a-${index}` },
      }),
    );
    // Spread them over the last five days.
    await db.query(`UPDATE generated_videos SET created_at = now() - ($1::int * interval '1 day') - ($2::int * interval '1 second') WHERE id = $3::uuid`, [index % 5, index, record.id]);
  }

  const conductor = createVideoConductor({ ...common, storage });
  return {
    db,
    ledger,
    storage,
    provider,
    conductor,
    campaign,
    clips,
    async close() {
      await provider.close();
      await db.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
