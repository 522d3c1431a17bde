import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliScratch, exitOf, jsonOf, runCliInProcess, runCliProcess, startCli, waitForOutput, type CliRun, type CliScratch } from './cli-harness.js';

// Every case runs the CLI in a temp directory, on the local provider, with an embedded PGlite
// ledger — never DATABASE_URL. Most run `runCli` in this process (same env and cwd as a
// child); `migrate`, `--help`/`estimate` and the Ctrl-C case run the built binary
// (node dist/cli/bin.js), which proves the executable, its exit codes and its signal handling.
// Cases share one home and run one after another: PGlite serves one process at a time.

let scratch: CliScratch;
let home: string;
const cli = (args: string[], env?: Record<string, string | undefined>) => runCliInProcess(args, { cwd: scratch.root, home, ...(env === undefined ? {} : { env }) });
const sha256Of = async (fileUrl: string) => createHash('sha256').update(await readFile(fileURLToPath(fileUrl))).digest('hex');

beforeAll(async () => {
  scratch = await createCliScratch({ process: true });
  home = scratch.home;
}, 180_000);

afterAll(async () => {
  await scratch?.remove();
});

describe('video-conductor (runCli in-process, and the built binary)', { timeout: 120_000 }, () => {
  it('migrate (the binary) creates the embedded ledger (the home every case here shares)', () => {
    const { migrateRun } = scratch;
    expect(migrateRun.code, migrateRun.stderr).toBe(0);
    expect(migrateRun.stdout).toBe(`pglite:${path.join(home, 'ledger')}: applied 0001_generated_videos, 0002_conductor_notes, 0003_queued_status\n`);
  });

  it('bad input exits 2 with a message naming the flag, before anything is opened', async () => {
    const cwd = path.join(scratch.root, 'bad-input');
    await mkdir(cwd);
    const run = (args: string[], env?: Record<string, string | undefined>) => runCliInProcess(args, { cwd, ...(env === undefined ? {} : { env }) });
    const [unknownFlag, missingPrompt, outOfRange, noProvider] = await Promise.all([
      run(['generate', 'A fox', '--durtion', '5']),
      run(['generate', '--duration', '5']),
      run(['generate', 'A fox', '--duration', '30', '--json']),
      run(['generate', 'A fox'], { VIDEO_CONDUCTOR_PROVIDER: undefined }),
    ]);
    const expectations: [CliRun, RegExp][] = [
      [unknownFlag, /error: unknown flag --durtion for "generate"\nRun "video-conductor generate --help" for usage\./],
      [missingPrompt, /error: missing <prompt>: usage: video-conductor generate <prompt>/],
      [outOfRange, /error: --duration: Invalid video request: durationSec must be .*15/],
      [noProvider, /error: No video provider is configured: set XAI_API_KEY .* VIDEO_CONDUCTOR_PROVIDER=local/],
    ];
    for (const [run, message] of expectations) {
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    expect([unknownFlag.stdout, missingPrompt.stdout, noProvider.stdout]).toEqual(['', '', '']);
    expect(jsonOf(outOfRange)).toMatchObject({ ok: false, exitCode: 2, error: { name: 'InvalidRequestError', field: 'durationSec', flag: '--duration' } });
    expect(existsSync(path.join(cwd, '.video-conductor')), 'bad input opened the ledger or storage').toBe(false);
  });

  it('--help and estimate work from the binary (every command\'s help is checked in run-cli.test.ts)', async () => {
    const cwd = path.join(scratch.root, 'estimate');
    await mkdir(cwd);
    const [help, estimate] = await Promise.all([
      runCliProcess(['generate', '--help'], { cwd }),
      runCliProcess(['estimate', 'A fox', '--image-url', 'https://images.example/fox.png', '--duration', '5', '--json'], { cwd, env: { VIDEO_CONDUCTOR_PROVIDER: undefined } }),
    ]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: video-conductor generate <prompt> \[flags\]/);
    expect(estimate.code, estimate.stderr).toBe(0);
    expect(jsonOf(estimate)).toMatchObject({ ok: true, plan: { qualityMode: 'draft_i2v', durationSec: 5, estimatedCostUsd: 0.41 } }); // + the input image
    expect(existsSync(path.join(cwd, '.video-conductor'))).toBe(false);
  });

  let recordId: string;

  it('generate stores the video and prints where; the file hashes to the ledger row (human output)', async () => {
    const run = await cli(['generate', 'A drone shot over Kyiv at dawn', '--aspect-ratio', '9:16', '--duration', '6', '--clip-id', 'intro', '--actor-id', 'tester']);
    expect(run.code, run.stderr).toBe(0);
    // Not a TTY: plain progress lines, one per change, then the result.
    expect(run.stdout).toMatch(/^job {2}submitted .*est\. \$0\.30$/m);
    expect(run.stdout).toMatch(/^job {2}generating {3}33%/m);
    const match = /^succeeded {2}([0-9a-f-]{36})\n {2}video {5}(file:\S+)\n {2}sha256 {4}([0-9a-f]{64})\n {2}size {6}(\d+) bytes$/m.exec(run.stdout);
    expect(match, run.stdout).not.toBeNull();
    const [, id, url, sha256] = match!;
    recordId = id!;
    expect(fileURLToPath(url!).startsWith(path.join(home, 'media'))).toBe(true);
    expect(await sha256Of(url!)).toBe(sha256);
  });

  it('generate --json prints one document with the result and the ledger row; logs go to stderr', async () => {
    const run = await cli(['generate', 'A fox in the snow', '--json', '--ref-code', 'PO-7', '--pipeline-request-id', 'run-1', '--idempotency-key', 'fox-1']);
    expect(run.code, run.stderr).toBe(0);
    const document = jsonOf(run);
    expect(document).toMatchObject({ ok: true, exitCode: 0, result: { success: true, status: 'succeeded', provider: 'local' }, record: { status: 'succeeded', idempotencyKey: 'fox-1', audit: { refCode: 'PO-7', pipelineRequestId: 'run-1' } } });
    expect(document.record.sha256).toBe(document.result.sha256);
    expect(await sha256Of(document.result.video.url)).toBe(document.record.sha256);
    expect(run.stderr).toContain('generating');
  });

  it('moderation exits 3 and a failed job exits 1, each with its record', async () => {
    const [moderated, failed] = [await cli(['generate', 'A fox [local:moderated]']), await cli(['generate', 'A fox [local:failed]', '--json'])];
    expect(moderated.code, moderated.stderr).toBe(3);
    expect(moderated.stdout).toMatch(/^moderated {2}[0-9a-f-]{36}: The local provider moderated this job/m);
    expect(failed.code).toBe(1);
    expect(jsonOf(failed)).toMatchObject({ ok: false, exitCode: 1, error: { name: 'ProviderError', code: 'GENERATION_FAILED', recordId: expect.any(String) } });
    expect(failed.stderr).toMatch(/error: Video job local-failed-\S+ failed at local/);
  });

  it('status prints the ledger row; an unknown id exits 1', async () => {
    const [human, unknown] = [await cli(['status', recordId]), await cli(['status', '00000000-0000-4000-8000-000000000000', '--json'])];
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(new RegExp(`^succeeded  ${recordId}\n  provider  local grok-imagine-video \\(draft, 480p\\), generate`));
    expect(human.stdout).toMatch(/audit {5}clipId=intro actorId=tester/);
    expect(unknown.code).toBe(1);
    expect(jsonOf(unknown)).toMatchObject({ ok: false, exitCode: 1, error: { name: 'LedgerError', code: 'RECORD_NOT_FOUND' } });
    expect(unknown.stderr).toContain('error: No video record 00000000-0000-4000-8000-000000000000 in the ledger');
  });

  it('list filters and pages through the ledger', async () => {
    const page = jsonOf(await cli(['list', '--limit', '3', '--json']));
    expect(page.records).toHaveLength(3);
    const second = jsonOf(await cli(['list', '--limit', '3', '--cursor', page.nextCursor, '--json']));
    expect(second.nextCursor).toBeNull();
    const all = [...page.records, ...second.records];
    expect(all.map((record: { status: string }) => record.status).sort()).toEqual(['failed', 'moderated', 'succeeded', 'succeeded']);
    expect(new Set(all.map((record: { id: string }) => record.id)).size).toBe(4);

    const human = await cli(['list', '--clip-id', 'intro', '--status', 'succeeded,failed', '--provider', 'local']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(new RegExp(`^id +status +provider +mode +length +cost +clip +created\n-+.*\n${recordId}  succeeded  local +draft +6s +\\$0\\.00  intro  `));
    expect(human.stdout.trim().split('\n')).toHaveLength(3);
  });

  it('a timed-out generate exits 1 naming the record; resume finishes it without a new submit', async () => {
    const slow = { VIDEO_CONDUCTOR_LOCAL_POLLS: '1000' };
    const log = path.join(scratch.root, 'resume-submits.jsonl');
    const timedOut = await cli(['generate', 'A slow fox', '--timeout-ms', '300', '--json'], { ...slow, VIDEO_CONDUCTOR_LOCAL_SUBMIT_LOG: log });
    expect(timedOut.code).toBe(1);
    const { error } = jsonOf(timedOut);
    expect(error).toMatchObject({ name: 'GenerationTimeoutError', code: 'GENERATION_TIMEOUT' });
    expect(timedOut.stderr).toContain(`video-conductor resume ${error.recordId}`);

    const resumed = await cli(['resume', error.recordId], { VIDEO_CONDUCTOR_LOCAL_POLLS: '1', VIDEO_CONDUCTOR_LOCAL_SUBMIT_LOG: log });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`succeeded  ${error.recordId}`);
    expect((await readFile(log, 'utf8')).trim().split('\n')).toHaveLength(1);
  });

  it('Ctrl-C stops waiting (exit 130, the job stays resumable); recover then finishes the abandoned job', async () => {
    const child = startCli(['generate', 'A fox that outlives its process'], { cwd: scratch.root, home, env: { VIDEO_CONDUCTOR_LOCAL_POLLS: '1000' } });
    await waitForOutput(child, (stdout) => /generating/.test(stdout));
    child.kill('SIGINT');
    const interrupted = await exitOf(child);
    expect(interrupted.code, interrupted.stderr).toBe(130);
    expect(interrupted.stderr).toContain('interrupted: jobs already submitted keep running at the provider');

    const run = await cli(['recover', '--stale-after-ms', '0', '--owner', 'test-worker', '--json'], { VIDEO_CONDUCTOR_LOCAL_POLLS: '0' });
    expect(run.code, run.stderr).toBe(0);
    const report = jsonOf(run);
    expect(report).toEqual({ ok: true, exitCode: 0, claimed: 1, outcomes: [{ recordId: expect.any(String), status: 'succeeded' }] });
    // The one job left behind: the others had all ended.
    expect(run.stderr).toMatch(new RegExp(`claimed 1 stale job\\n[\\s\\S]*${report.outcomes[0].recordId} +succeeded`));
  });
});
