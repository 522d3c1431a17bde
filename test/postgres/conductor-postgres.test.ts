import { createHash } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { createVideoConductor, GenerationTimeoutError, type VideoRecord } from '@ring/video-conductor';
import { createPostgresLedger, migrate } from '@ring/video-conductor/postgres';
import {
  createFakeTime,
  createTestMp4,
  MemoryStorage,
  ScriptedImageProvider,
  ScriptedVideoProvider,
  scriptedDone,
  scriptedPending,
} from '@ring/video-conductor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let db: PGlite;
beforeAll(async () => {
  db = await PGlite.create();
  await migrate(db, { table: 'conductor_videos' });
});
afterAll(async () => db.close());

/** The row as the database holds it, read with plain SQL (not through the ledger). */
async function row(id: string) {
  const result = await db.query<Record<string, unknown>>(
    'select status, request_id, temporary_url, storage_key, sha256, size_bytes, estimated_cost_usd, actual_cost_usd, first_frame, error, audit from conductor_videos where id = $1',
    [id],
  );
  return result.rows[0];
}

describe('conductor end to end with the Postgres ledger (PGlite)', () => {
  it('has the row pending before submit, the request id right after, and the terminal state at the end', async () => {
    const time = createFakeTime();
    const provider = new ScriptedVideoProvider({ jobs: [{ steps: [scriptedPending(30), scriptedDone({ usage: { costUsd: 0.42 } })] }] });
    const storage = new MemoryStorage();
    const ledger = createPostgresLedger({ db, table: 'conductor_videos' });
    const conductor = createVideoConductor({
      provider,
      imageProvider: new ScriptedImageProvider(),
      storage,
      ledger,
      fetch: provider.fetch, urlPolicy: provider.urlPolicy,
      clock: time.clock,
      sleep: time.sleep,
    });
    const stages: Record<string, Record<string, unknown> | undefined> = {};
    let submitsAtPlanned = -1;
    const reads: Promise<void>[] = [];
    const result = await conductor.generate(
      { prompt: 'Riders leave the gate', firstFramePrompt: 'A castle gate', durationSec: 6, audit: { pipelineRequestId: 'run-7', actorId: 'u-1' } },
      {
        onEvent: (event) => {
          if (event.type === 'planned') submitsAtPlanned = provider.submitCount;
          if (event.type === 'planned' || event.type === 'first-frame' || event.type === 'submitted' || event.type === 'persisting') {
            reads.push(row(event.recordId).then((value) => void (stages[event.type] = value)));
          }
        },
      },
    );
    await Promise.all(reads);

    expect(submitsAtPlanned).toBe(0);
    expect(stages.planned).toMatchObject({ status: 'pending', request_id: null, estimated_cost_usd: '0.51' }); // 6 s × 0.08 + first frame 0.02 + the frame as input image 0.01
    expect(stages['first-frame']).toMatchObject({ status: 'pending', request_id: null, first_frame: { source: 'generated', prompt: 'A castle gate' } });
    expect(stages.submitted).toMatchObject({ status: 'submitted', request_id: 'job-1' });
    expect(stages.persisting).toMatchObject({ status: 'persisting', request_id: 'job-1', temporary_url: 'https://scripted.video.test/job-1.mp4' });

    const mp4 = createTestMp4();
    expect(await row(result.recordId)).toMatchObject({
      status: 'succeeded',
      request_id: 'job-1',
      storage_key: `videos/${result.recordId}.mp4`,
      sha256: createHash('sha256').update(mp4).digest('hex'),
      size_bytes: mp4.byteLength, // PGlite returns bigint columns that fit as numbers
      actual_cost_usd: '0.44',
      error: null,
      audit: { pipelineRequestId: 'run-7', actorId: 'u-1' },
    });
    // What the ledger API returns matches the result the caller got.
    const record = (await ledger.get(result.recordId)) as VideoRecord;
    expect(result).toMatchObject({ success: true, sha256: record.sha256, sizeBytes: record.sizeBytes, actualCostUsd: record.actualCostUsd });
  });

  it('a timed-out job is resumed from the Postgres row by a fresh conductor, without a second submit', async () => {
    const time = createFakeTime();
    const provider = new ScriptedVideoProvider({ jobs: [{ steps: [scriptedPending(10), scriptedPending(20), scriptedPending(30), scriptedDone()] }] });
    const make = () =>
      createVideoConductor({
        provider,
        storage: new MemoryStorage(),
        ledger: createPostgresLedger({ db, table: 'conductor_videos' }),
        fetch: provider.fetch, urlPolicy: provider.urlPolicy,
        clock: time.clock,
        sleep: time.sleep,
      });
    let timeout: GenerationTimeoutError | undefined;
    try {
      await make().generate({ prompt: 'slow one', idempotencyKey: `slow-${Date.now()}` }, { timeoutMs: 5000 });
    } catch (error) {
      timeout = error as GenerationTimeoutError;
    }
    expect(GenerationTimeoutError.isInstance(timeout)).toBe(true);
    expect(await row(timeout!.recordId)).toMatchObject({ status: 'timed_out', request_id: 'job-1', error: { code: 'GENERATION_TIMEOUT' } });

    const result = await make().resume(timeout!.recordId);
    expect(result).toMatchObject({ success: true, recordId: timeout!.recordId });
    expect(await row(timeout!.recordId)).toMatchObject({ status: 'succeeded', request_id: 'job-1' });
    expect(provider.submitCount).toBe(1);
  });
});
