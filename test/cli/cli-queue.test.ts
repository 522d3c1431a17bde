import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliScratch, exitOf, jsonOf, runCliInProcess, runCliProcess, startCli, type CliScratch } from './cli-harness.js';

/**
 * The queue commands on the embedded defaults (pg-boss on the same PGlite as the ledger):
 * `enqueue`, `run --queue` (a rerun is a no-op), `worker` until SIGTERM (exit 0), `queue`.
 * The worker is the built binary stopped with SIGTERM, and so is the run without pg-boss
 * (an `--import` hook hides it); the other commands run `runCli` in this process.
 */
let scratch: CliScratch;
beforeAll(async () => {
  scratch = await createCliScratch();
}, 60_000);
afterAll(async () => scratch.remove());

const run = (args: readonly string[], env: Record<string, string | undefined> = {}) => runCliInProcess(args, { cwd: scratch.root, home: scratch.home, env });

describe('video-conductor enqueue / run --queue / worker / queue', () => {
  it('queues clips without paying, a rerun changes nothing, a worker makes them and stops on SIGTERM with exit 0', async () => {
    const enqueued = await run(['enqueue', 'A fox in the snow', '--duration', '2', '--idempotency-key', 'fox-1', '--json']);
    expect(enqueued.code, enqueued.stderr).toBe(0);
    expect(jsonOf(enqueued)).toMatchObject({ ok: true, created: true, idempotencyKey: 'fox-1', recordId: expect.any(String), queue: 'video-conductor' });
    // The row is there at once, queued: `status` follows it before any worker took the job.
    const queuedStatus = await run(['status', jsonOf(enqueued).recordId, '--json']);
    expect(jsonOf(queuedStatus)).toMatchObject({ ok: true, record: { status: 'queued', requestId: null, idempotencyKey: 'fox-1' } });

    const manifest = path.join(scratch.root, 'spring.json');
    await writeFile(
      manifest,
      JSON.stringify({ version: 2, campaign: 'spring', defaults: { durationSec: 2 }, clips: [{ id: 'intro', prompt: 'Intro shot' }, { id: 'outro', prompt: 'Outro shot' }] }),
    );
    const first = await run(['run', 'spring.json', '--queue', '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(jsonOf(first)).toMatchObject({ ok: true, campaign: 'spring', enqueued: 2, unchanged: 0 });
    const again = await run(['run', 'spring.json', '--queue', '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(jsonOf(again)).toMatchObject({ enqueued: 0, unchanged: 2 });
    expect(jsonOf(again).clips.map((clip: { jobId: string }) => clip.jobId)).toEqual(jsonOf(first).clips.map((clip: { jobId: string }) => clip.jobId));

    const worker = startCli(['worker', '--concurrency', '3', '--json'], { cwd: scratch.root, home: scratch.home, env: { VIDEO_CONDUCTOR_QUEUE_POLL_INTERVAL_MS: '100' } });
    const deadline = Date.now() + 40_000;
    while ((worker.output.stderr.match(/ succeeded/g) ?? []).length < 3) {
      if (worker.exitCode !== null || Date.now() > deadline) throw new Error(`worker did not finish 3 jobs:\n${worker.output.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    worker.kill('SIGTERM');
    const stopped = await exitOf(worker);
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(jsonOf(stopped)).toMatchObject({ ok: true, queue: 'video-conductor' });

    const listed = await run(['list', '--json']);
    const records = jsonOf(listed).records as { status: string; idempotencyKey: string }[];
    expect(records).toHaveLength(3);
    expect(records.every((record) => record.status === 'succeeded')).toBe(true);

    const counts = await run(['queue', '--json']);
    expect(counts.code, counts.stderr).toBe(0);
    // Nothing waits (read live). The per-state numbers are pg-boss's cached monitor counts,
    // refreshed at most once per monitor interval across instances, so only their shape is fixed here.
    expect(jsonOf(counts)).toMatchObject({ ok: true, name: 'video-conductor', oldestWaiting: null });
    for (const field of ['ready', 'deferred', 'queued', 'active', 'deadLetters']) expect(jsonOf(counts)[field]).toBeGreaterThanOrEqual(0);
  }, 120_000);

  it('enqueue without pg-boss installed exits 2 with one line naming it', async () => {
    const hide = pathToFileURL(path.join(import.meta.dirname, 'fixtures/hide-pg-boss.mjs')).href;
    const result = await runCliProcess(['enqueue', 'x'], { cwd: scratch.root, home: scratch.home, imports: [hide] });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/needs the optional package pg-boss, which could not be loaded: npm install pg-boss$/m);
  }, 60_000);
});
