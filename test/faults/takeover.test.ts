import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { createVideoConductor, type VideoConductor } from '@ring/video-conductor';
import { MemoryLedger, MemoryStorage } from '@ring/video-conductor/testing';
import { createXai } from '@ring/video-conductor/xai';
import { afterEach, describe, expect, it } from 'vitest';
import { canaryKey, findCanary } from './canary.js';
import { startFakeXaiServer, type FakeXaiServer } from './fake-xai-server.js';

/**
 * Two workers on one ledger: the owner of a job (`generate`) and a `recover` worker that
 * takes the row over while the owner is still at it. A row being polled is not updated
 * between status reads, so with a `staleAfterMs` shorter than the job's generation time a
 * recover worker claims jobs that are not abandoned at all.
 */
describe('a recover worker takes over a job its owner is still running', () => {
  let server: FakeXaiServer | undefined;
  afterEach(async () => {
    expect(server?.unexpected ?? [], 'requests the fake xAI server did not expect').toEqual([]);
    await server?.close();
    server = undefined;
  });

  const worker = (ledger: MemoryLedger, storage: MemoryStorage, intervalMs: number): VideoConductor =>
    createVideoConductor({
      provider: createXai({ apiKey: canaryKey, baseURL: server!.baseURL, timeoutMs: 2_000 }).video,
      storage,
      ledger,
      polling: { intervalMs, jitter: 0, timeoutMs: 10_000 },
      urlPolicy: { allowHttp: true, allowPrivateAddresses: true }, // the fake xAI server is on loopback
    });

  const until = async (condition: () => Promise<boolean> | boolean, label: string) => {
    for (let waited = 0; !(await condition()); waited += 5) {
      if (waited > 5_000) throw new Error(`timed out waiting for ${label}`);
      await delay(5);
    }
  };

  it('while it polls: the owner joins the worker’s result instead of failing; one submit, one download', async () => {
    server = await startFakeXaiServer({ apiKey: canaryKey, pendingPolls: 4 });
    const ledger = new MemoryLedger();
    const storage = new MemoryStorage();
    // The owner polls slowly, the recover worker fast: the worker sees "done" first and stores the video.
    const owner = worker(ledger, storage, 1_000);
    const other = worker(ledger, storage, 10);

    const generating = owner.generate({ prompt: 'taken over while polling' });
    let recordId = '';
    await until(async () => {
      const [row] = (await ledger.list({})).records;
      recordId = row?.id ?? '';
      return row?.status === 'generating';
    }, 'the owner’s first status read');
    const report = await other.recover({ owner: 'other', staleAfterMs: 0 });
    expect(report).toEqual({ claimed: 1, outcomes: [{ recordId, status: 'succeeded' }] });

    // Before the fix the owner's next write met the worker's and `generate` rejected with an
    // untyped internal error although the job had succeeded.
    const result = await generating;
    const [job] = server.jobs;
    expect(result).toMatchObject({ success: true, status: 'succeeded', recordId, sha256: job!.sha256, video: { requestId: job!.requestId } });
    expect(createHash('sha256').update(storage.read(`videos/${recordId}.mp4`)!).digest('hex')).toBe(job!.sha256);
    expect(server.count('submit')).toBe(1);
    expect(server.count('download')).toBe(1);
    expect(findCanary({ result, report, row: JSON.stringify(await ledger.get(recordId)) })).toEqual([]);
  });

  it('while its submit is in flight: recover closes the row as SUBMIT_OUTCOME_UNKNOWN, then the owner writes the request id back and finishes the job', async () => {
    server = await startFakeXaiServer({ apiKey: canaryKey, submitDelayMs: 300 });
    const ledger = new MemoryLedger();
    const storage = new MemoryStorage();
    const owner = worker(ledger, storage, 20);
    const other = worker(ledger, storage, 20);

    const generating = owner.generate({ prompt: 'taken over while submitting' }).then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
    await until(() => server!.count('submit') === 1, 'the submit to reach xAI');
    const report = await other.recover({ owner: 'other', staleAfterMs: 0 });
    expect(report.outcomes).toMatchObject([{ status: 'failed', error: { code: 'SUBMIT_OUTCOME_UNKNOWN' } }]);

    const outcome = await generating;
    expect(outcome).toMatchObject({ result: { success: true, status: 'succeeded', video: { requestId: server.jobs[0]!.requestId } } });
    const [row] = (await ledger.list({})).records;
    // The billed job is not lost: its id is back in the row, and it was made exactly once.
    expect(server.jobs).toHaveLength(1);
    expect(server.count('submit')).toBe(1);
    expect(row).toMatchObject({ status: 'succeeded', requestId: server.jobs[0]!.requestId, error: null });
    expect(findCanary({ outcome, report, row: JSON.stringify(row) })).toEqual([]);
  });
});
