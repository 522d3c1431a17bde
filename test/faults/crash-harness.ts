import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { VideoConductorEvent, VideoRecord } from '@ring/video-conductor';
import { afterAll, beforeAll, expect } from 'vitest';
import { canaryKey, findCanary } from './canary.js';
import { startFakeXaiServer, type FakeXaiServer } from './fake-xai-server.js';

/**
 * The crash test's harness (crash-recovery-pglite.test.ts, crash-recovery-postgres.test.ts):
 * a job's process is SIGKILLed right after each step; a second process runs `recover`. The
 * ledger must let it finish every job without paying twice, and close (never re-submit) the
 * jobs whose submit had not been sent. One file per ledger, so the two run side by side.
 */

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const worker = path.join(repoRoot, 'test/faults/fixtures/crash-worker.ts');

/** The events after which the job's process dies, in the order a job emits them. */
const crashPoints = ['planned', 'first-frame', 'submitted', 'progress', 'persisting', 'persisted'] as const;
type CrashPoint = (typeof crashPoints)[number];
/** Whether the submit had been sent when the process died. */
const submitSent = (point: CrashPoint) => crashPoints.indexOf(point) >= crashPoints.indexOf('submitted');
const videoPrompt = (point: CrashPoint) => `crash after ${point}`;
const framePrompt = (point: CrashPoint) => `first frame before the crash after ${point}`;

interface WorkerRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  lines: Record<string, unknown>[];
}

function runWorker(mode: 'generate' | 'recover', env: Record<string, string>): Promise<WorkerRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker, mode], {
      cwd: repoRoot,
      // The package resolves to the built dist/ (what users run); tsx transpiles only the worker.
      env: { ...process.env, TSX_TSCONFIG_PATH: path.join(repoRoot, 'test/support/tsconfig.dist.json'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // A worker that hangs must not outlive the test.
    const watchdog = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(watchdog);
      const lines = stdout
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      resolve({ code, signal, stdout, stderr, lines });
    });
  });
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export interface Backend {
  name: string;
  /** Environment telling the workers which ledger to open. */
  env: Record<string, string>;
  /** Whether the generate workers may run at once (a real server) or one after the other (one PGlite directory). */
  parallel: boolean;
  /** Reads every row, independently of the workers. */
  readRows: () => Promise<VideoRecord[]>;
}

/** Lines of a worker's stderr that are not Node's own warnings (which a CI's NODE_OPTIONS may cause). */
const meaningful = (stderr: string) =>
  stderr.split('\n').filter((line) => line.trim() !== '' && !/^\(node:\d+\) \w*Warning|--trace-warnings/.test(line));

/** Runs the six crashes, then one recover, checks everything and prints a table. */
export async function crashThenRecover(server: FakeXaiServer, backend: Backend, mediaDir: string): Promise<void> {
  const baseEnv = {
    ...backend.env,
    FAULTS_XAI_BASE_URL: server.baseURL,
    FAULTS_XAI_API_KEY: canaryKey,
    FAULTS_MEDIA_DIR: mediaDir,
  };
  const runs = new Map<CrashPoint, WorkerRun>();
  const crashOne = async (point: CrashPoint) => {
    const run = await runWorker('generate', {
      ...baseEnv,
      FAULTS_CRASH_AT: point,
      FAULTS_PROMPT: videoPrompt(point),
      FAULTS_FIRST_FRAME_PROMPT: framePrompt(point),
    });
    runs.set(point, run);
  };
  if (backend.parallel) await Promise.all(crashPoints.map(crashOne));
  else for (const point of crashPoints) await crashOne(point);

  const recordIds = new Map<CrashPoint, string>();
  for (const point of crashPoints) {
    const run = runs.get(point)!;
    expect({ point, signal: run.signal, code: run.code, stderr: meaningful(run.stderr) }).toEqual({ point, signal: 'SIGKILL', code: null, stderr: [] });
    // The workers ran the package as users get it: dist/, rebuilt from the sources by the global setup when stale.
    expect(run.lines[0]).toEqual({ kind: 'resolved', core: expect.stringMatching(/\/dist\/index\.js$/), xai: expect.stringMatching(/\/dist\/xai\/index\.js$/) });
    const events = run.lines.filter((line) => line.kind === 'event').map((line) => line.event as VideoConductorEvent);
    // One `progress` per pending status read: compare the steps, not the repeats.
    const steps = events.map((event) => event.type).filter((type, index, all) => type !== all[index - 1]);
    expect(steps, `events before the crash after ${point}`).toEqual(crashPoints.slice(0, crashPoints.indexOf(point) + 1));
    expect(events.at(-1)?.type, 'the process died in the listener of its crash point').toBe(point);
    recordIds.set(point, events[0]!.recordId);
  }
  // Died after storing the object, before recording it: the file is there already.
  const persistedId = recordIds.get('persisted')!;
  const persistedJob = server.jobsFor(videoPrompt('persisted'))[0]!;
  expect(sha256(await readFile(path.join(mediaDir, 'videos', `${persistedId}.mp4`)))).toBe(persistedJob.sha256);

  // Transient faults during the recovery, with bodies that echo the key.
  server.inject('status', { kind: '500', times: 1 });
  server.inject('download', { kind: '500', times: 1 });
  const recover = await runWorker('recover', baseEnv);
  expect({ code: recover.code, signal: recover.signal, stderr: meaningful(recover.stderr) }).toEqual({ code: 0, signal: null, stderr: [] });
  const line = (kind: string) => recover.lines.find((entry) => entry.kind === kind)!;
  const rowsBefore = new Map((line('rows-before').rows as VideoRecord[]).map((row) => [row.id, row]));
  const report = line('report').report as { claimed: number; outcomes: { recordId: string; status: string; error?: { code: string } }[] };

  // What each crash left in the ledger: it survived the SIGKILL.
  const expectedBefore: Record<CrashPoint, Partial<VideoRecord>> = {
    planned: { status: 'pending', requestId: null, firstFrame: null },
    'first-frame': { status: 'pending', requestId: null },
    submitted: { status: 'submitted' },
    progress: { status: 'generating' },
    persisting: { status: 'persisting' },
    persisted: { status: 'persisting', storageKey: null },
  };
  for (const point of crashPoints) {
    const before = rowsBefore.get(recordIds.get(point)!);
    expect(before, `row of the crash after ${point}`).toMatchObject(expectedBefore[point]);
    if (point === 'first-frame') expect(before?.firstFrame).toMatchObject({ source: 'generated', prompt: framePrompt(point) });
    if (submitSent(point)) expect(before?.requestId).toBe(server.jobsFor(videoPrompt(point))[0]?.requestId);
    if (point === 'persisting' || point === 'persisted') expect(before?.temporaryUrl).toBe(server.jobsFor(videoPrompt(point))[0]?.videoUrl);
  }
  expect(report.claimed).toBe(crashPoints.length);

  // The end: read independently of the workers.
  const finalRows = new Map((await backend.readRows()).map((row) => [row.id, row]));
  const table: string[] = [
    '| crash after | row at restart | recover → row | error code | submits seen | jobs at xAI | first frames | downloads | stored sha256 = served |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const point of crashPoints) {
    const id = recordIds.get(point)!;
    const row = finalRows.get(id)!;
    const jobs = server.jobsFor(videoPrompt(point));
    const submits = server.count('submit', videoPrompt(point));
    const outcome = report.outcomes.find((entry) => entry.recordId === id);
    let stored = '—';
    if (submitSent(point)) {
      // Exactly one submit, ever; the video finished and is stored with the bytes the provider served.
      expect({ point, submits, jobs: jobs.length }).toEqual({ point, submits: 1, jobs: 1 });
      const [job] = jobs;
      expect(outcome).toEqual({ recordId: id, status: 'succeeded' });
      expect(row).toMatchObject({ status: 'succeeded', requestId: job!.requestId, storageKey: `videos/${id}.mp4`, sha256: job!.sha256, sizeBytes: job!.video.byteLength, error: null });
      const file = await readFile(path.join(mediaDir, 'videos', `${id}.mp4`));
      expect(sha256(file)).toBe(job!.sha256);
      stored = sha256(file) === job!.sha256 && row.sha256 === job!.sha256 ? 'yes' : 'NO';
    } else {
      // Never submitted, never submitted later: closed as "outcome unknown".
      expect({ point, submits, jobs: jobs.length }).toEqual({ point, submits: 0, jobs: 0 });
      expect(outcome).toMatchObject({ recordId: id, status: 'failed', error: { code: 'SUBMIT_OUTCOME_UNKNOWN' } });
      expect(row).toMatchObject({ status: 'failed', requestId: null, storageKey: null, error: { code: 'SUBMIT_OUTCOME_UNKNOWN', step: 'submit' } });
    }
    expect(server.count('first-frame', framePrompt(point))).toBe(point === 'planned' ? 0 : 1);
    // Answered downloads (the one injected 500 lands on whichever job downloads first).
    const downloads = jobs[0] === undefined ? 0 : server.seen.filter((entry) => entry.step === 'download' && entry.answer === 'ok' && entry.path.includes(jobs[0]!.requestId)).length;
    table.push(
      `| ${point} | ${rowsBefore.get(id)!.status} | ${row.status} | ${row.error?.code ?? '—'} | ${submits} | ${jobs.length} | ${server.count('first-frame', framePrompt(point))} | ${downloads} | ${stored} |`,
    );
  }
  // Only the four videos, no temporary files left by the killed writers.
  const files = (await readdir(path.join(mediaDir, 'videos'))).sort();
  expect(files).toEqual(crashPoints.filter(submitSent).map((point) => `${recordIds.get(point)}.mp4`).sort());

  // The key is in no output of any process, no event and no row.
  const outputs = Object.fromEntries(
    [...runs.entries(), ['recover', recover] as const].flatMap(([name, run]) => [
      [`${name} stdout`, run.stdout],
      [`${name} stderr`, run.stderr],
    ]),
  );
  expect(findCanary({ ...outputs, ...Object.fromEntries([...finalRows.values()].map((row) => [`row ${row.id}`, JSON.stringify(row)])) })).toEqual([]);
  // …although the recovery did go through the echoing error bodies.
  expect(server.seen.filter((entry) => entry.answer === '500').map((entry) => entry.step).sort()).toEqual(['download', 'status']);
  expect(server.unexpected).toEqual([]);

  console.log(`\nCrash test on ${backend.name}:\n\n${table.join('\n')}\n`);
}

/**
 * The fake xAI server and temporary directories of one crash-test file: started before its
 * tests, closed and removed after them.
 */
export function useCrashTestScaffold(): { server: () => FakeXaiServer; tempDir: (label: string) => Promise<string> } {
  let server: FakeXaiServer | undefined;
  const tempDirs: string[] = [];
  beforeAll(async () => {
    server = await startFakeXaiServer({ apiKey: canaryKey, pendingPolls: 2 });
  });
  afterAll(async () => {
    await server?.close();
    await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return {
    server: () => server!,
    tempDir: async (label) => {
      const dir = await mkdtemp(path.join(tmpdir(), `vc-faults-${label}-`));
      tempDirs.push(dir);
      return dir;
    },
  };
}
