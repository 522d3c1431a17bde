import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliScratch, exitOf, jsonOf, runCliInProcess, startCli, waitForOutput, type CliScratch } from './cli-harness.js';

// `video-conductor run <manifest>` against the local provider and an embedded PGlite ledger:
// `runCli` in this process, except the campaign killed mid-run, which is the built binary
// killed with SIGKILL. Spend is counted in the local provider's submit log: one line per
// accepted submit, written before submit returns, across processes.

let scratch: CliScratch;
let home: string;
const submitLog = () => path.join(scratch.root, 'submits.jsonl');
const env = (extra: Record<string, string> = {}) => ({ VIDEO_CONDUCTOR_LOCAL_SUBMIT_LOG: submitLog(), ...extra });
const cli = (args: string[], extra?: Record<string, string>) => runCliInProcess(args, { cwd: scratch.root, home, env: env(extra) });
const submits = async (): Promise<{ requestId: string; prompt: string }[]> =>
  existsSync(submitLog()) ? (await readFile(submitLog(), 'utf8')).trim().split('\n').filter(Boolean).map((line) => JSON.parse(line)) : [];
const writeManifest = async (name: string, manifest: unknown) => {
  await writeFile(path.join(scratch.root, name), JSON.stringify(manifest, null, 2));
  return name;
};

const fiveClips = (campaign: string) => ({
  $schema: '../adapters/cli/manifest/video-manifest.schema.json',
  version: 2,
  campaign,
  defaults: { durationSec: 6, aspectRatio: '9:16', audit: { actorId: 'campaign-test' } },
  concurrency: 2,
  clips: [
    { id: 'intro', prompt: 'A drone shot over Kyiv at dawn' },
    { id: 'street', prompt: 'A tram in the rain', aspectRatio: '16:9' },
    { id: 'talk', prompt: 'Two friends on a bench', dialogue: [{ speaker: 'Anna', line: 'Spring is here.' }] },
    { id: 'market', prompt: 'A flower market', durationSec: 4 },
    { id: 'outro', prompt: 'Logo on white', aspectRatio: '1:1', qualityMode: 'production' },
  ],
});

beforeAll(async () => {
  scratch = await createCliScratch();
  home = scratch.home;
}, 180_000);

afterAll(async () => {
  await scratch?.remove();
});

describe('video-conductor run (in-process; the killed campaign as a child process)', { timeout: 180_000 }, () => {
  // Prices are xAI's published ones: 0.05 USD/s at 480p, 0.07 USD/s at 720p (production).
  it('runs 5 clips 2 at a time: cost first, a line per clip, a summary table, the result JSON; files match the ledger', async () => {
    const manifest = await writeManifest('spring.json', fiveClips('spring'));
    const run = await cli(['run', manifest]);
    expect(run.code, run.stderr).toBe(0);
    const out = run.stdout;
    const costLine = out.indexOf('estimated cost: $1.52 for the campaign, $1.52 not yet spent (5 new clips)');
    expect(costLine, out).toBeGreaterThan(0);
    expect(costLine).toBeLessThan(out.indexOf('submitted'));
    expect(out).toContain('5 clips: 5 new');
    expect(out).toMatch(/^talk +generating +33%/m);
    expect(out).toMatch(/^clip +status +length +cost +url\n-+ +-+ +-+ +-+ +-+\nintro +succeeded +6s +\$0\.00 +file:\/\/\S+\nstreet +succeeded +6s .*\ntalk +succeeded .*\nmarket +succeeded +4s .*\noutro +succeeded +6s /m);
    expect(out).toContain('5/5 stored, 0 moderated, 0 failed, 0 unfinished; estimated $1.52, reported $0.00');
    expect(out).toContain('result: spring.result.json');

    const result = JSON.parse(await readFile(path.join(scratch.root, 'spring.result.json'), 'utf8'));
    expect(result).toMatchObject({ version: 2, campaign: 'spring', manifest: 'spring.json', interrupted: false, totals: { clips: 5, succeeded: 5, newSpendEstimatedUsd: 1.52 } });
    expect(result.clips.map((clip: { id: string; origin: string }) => [clip.id, clip.origin])).toEqual(['intro', 'street', 'talk', 'market', 'outro'].map((id) => [id, 'new']));
    for (const clip of result.clips) {
      expect(clip.idempotencyKey).toMatch(new RegExp(`^spring/${clip.id}/[0-9a-f]{12}$`));
      expect(createHash('sha256').update(await readFile(fileURLToPath(clip.url))).digest('hex')).toBe(clip.sha256);
    }
    expect((await submits()).map((line) => line.prompt)).toContain('Two friends on a bench\n\nDIALOGUE:\nANNA: "Spring is here."');
    expect(await submits()).toHaveLength(5);

    // The ledger rows: tagged with the campaign, and never more than 2 jobs running at once.
    const rows = jsonOf(await cli(['list', '--pipeline-request-id', 'spring', '--json'])).records as { createdAt: string; updatedAt: string; audit: Record<string, string> }[];
    expect(rows).toHaveLength(5);
    expect(rows.every((row) => row.audit.actorId === 'campaign-test')).toBe(true);
    const edges = rows.flatMap((row) => [
      { at: Date.parse(row.createdAt), delta: 1 },
      { at: Date.parse(row.updatedAt), delta: -1 },
    ]);
    edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
    let running = 0;
    let most = 0;
    for (const edge of edges) most = Math.max(most, (running += edge.delta));
    expect(most).toBe(2);
  });

  it('rerunning the manifest spends nothing and reports every clip as stored earlier (--json)', async () => {
    const before = (await submits()).length;
    const run = await cli(['run', 'spring.json', '--json', '--out', 'rerun.json']);
    expect(run.code, run.stderr).toBe(0);
    const document = jsonOf(run);
    expect(document).toMatchObject({ ok: true, exitCode: 0, campaign: 'spring', totals: { succeeded: 5, newSpendEstimatedUsd: 0 } });
    expect(document.clips.every((clip: { origin: string }) => clip.origin === 'done')).toBe(true);
    expect(run.stderr).toContain('estimated cost: $1.52 for the campaign, $0.00 not yet spent (0 new clips)');
    expect(JSON.parse(await readFile(path.join(scratch.root, 'rerun.json'), 'utf8')).clips).toEqual(document.clips);
    expect(await submits()).toHaveLength(before);
  });

  it('a campaign killed mid-run finishes on rerun without submitting its started clips again', async () => {
    const manifest = await writeManifest('killed.json', fiveClips('killed'));
    const before = (await submits()).length;
    // Slow jobs, so the kill lands while the first two clips are generating and the other three have not started.
    const child = startCli(['run', manifest], { cwd: scratch.root, home, env: env({ VIDEO_CONDUCTOR_LOCAL_POLLS: '1000' }) });
    await waitForOutput(child, (stdout) => (stdout.match(/ generating /g) ?? []).length >= 2);
    child.kill('SIGKILL');
    expect((await exitOf(child)).signal).toBe('SIGKILL');
    const firstRun = (await submits()).slice(before);
    expect(firstRun).toHaveLength(2);

    const rerun = await cli(['run', manifest, '--json']);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toContain('5 clips: 3 new, 2 to resume');
    const document = jsonOf(rerun);
    expect(document.totals).toMatchObject({ clips: 5, succeeded: 5 });
    const origins = Object.fromEntries(document.clips.map((clip: { id: string; origin: string }) => [clip.id, clip.origin]));
    expect(origins).toEqual({ intro: 'resumed', street: 'resumed', talk: 'new', market: 'new', outro: 'new' });

    const all = (await submits()).slice(before);
    expect(all).toHaveLength(5); // 2 before the kill + 3 after: nothing submitted twice
    expect(new Set(document.clips.map((clip: { requestId: string }) => clip.requestId))).toEqual(new Set(all.map((line) => line.requestId)));
    const resumed = document.clips.filter((clip: { origin: string }) => clip.origin === 'resumed').map((clip: { requestId: string }) => clip.requestId);
    expect(new Set(resumed)).toEqual(new Set(firstRun.map((line) => line.requestId)));
  });

  it('--dry-run prices the clips; --max-cost-usd refuses to start above the estimate: exit 2, nothing spent, no rows', async () => {
    const manifest = await writeManifest('expensive.json', { ...fiveClips('expensive'), defaults: { durationSec: 15, qualityMode: 'production' } });
    const before = (await submits()).length;
    const dryRun = await cli(['run', manifest, '--dry-run', '--json']);
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(jsonOf(dryRun)).toMatchObject({ ok: true, dryRun: true, totalEstimatedUsd: 4.48, newSpendUsd: 4.48 });
    expect(jsonOf(dryRun).clips.map((clip: { existing: unknown }) => clip.existing)).toEqual([null, null, null, null, null]);
    const run = await cli(['run', manifest, '--max-cost-usd', '1.50']);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('estimated cost: $4.48 for the campaign, $4.48 not yet spent (5 new clips)');
    expect(run.stderr).toContain('error: Refusing to start: the clips not yet paid for are estimated at $4.48, above --max-cost-usd $1.50; nothing was spent');
    expect(await submits()).toHaveLength(before);
    expect(jsonOf(await cli(['list', '--pipeline-request-id', 'expensive', '--json'])).records).toEqual([]);
    expect(existsSync(path.join(scratch.root, 'expensive.result.json'))).toBe(false);
  });

  it('a moderated clip ends the run with exit 3 and is reported in the table', async () => {
    const manifest = await writeManifest('mixed.json', {
      version: 2,
      campaign: 'mixed',
      clips: [
        { id: 'fine', prompt: 'A calm lake' },
        { id: 'blocked', prompt: 'Something [local:moderated]' },
      ],
    });
    const run = await cli(['run', manifest]);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stdout).toMatch(/^blocked +moderated +8s +\$0\.00 +MODERATED: The local provider moderated this job/m);
    expect(run.stdout).toContain('1/2 stored, 1 moderated, 0 failed, 0 unfinished');
  });
});
