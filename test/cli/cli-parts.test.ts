import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LedgerError } from '@ring/video-conductor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodeOfCampaign, summaryTable, totalsOf, type CampaignClipResult, type CampaignResult } from '../../adapters/cli/campaign/campaign-result.js';
import { lockEmbeddedLedger } from '../../adapters/cli/env/embedded-ledger-lock.js';
import { formatTable, formatUsd } from '../../adapters/cli/output/format.js';
import { ProgressBoard } from '../../adapters/cli/output/progress-board.js';

describe('the embedded ledger lock', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'video-conductor-lock-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('is held by one opener at a time and released on demand', async () => {
    const ledger = path.join(directory, 'a', 'ledger');
    const release = await lockEmbeddedLedger(ledger);
    expect(JSON.parse(await readFile(`${ledger}.lock`, 'utf8'))).toMatchObject({ pid: process.pid });
    const error = await lockEmbeddedLedger(ledger).catch((caught: unknown) => caught);
    expect(LedgerError.isInstance(error) && [error.code, error.isRetryable]).toEqual(['LEDGER_IN_USE', true]);
    expect((error as Error).message).toMatch(/in use by process \d+ .*DATABASE_URL/);
    await release();
    expect(existsSync(`${ledger}.lock`)).toBe(false);
    await (await lockEmbeddedLedger(ledger))();
  });

  it('takes over the lock of a process that is gone, and of an unreadable lock file', async () => {
    const ledger = path.join(directory, 'b', 'ledger');
    await (await lockEmbeddedLedger(ledger))();
    await writeFile(`${ledger}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345 }));
    const release = await lockEmbeddedLedger(ledger);
    expect(JSON.parse(await readFile(`${ledger}.lock`, 'utf8')).pid).toBe(process.pid);
    await release();
    await writeFile(`${ledger}.lock`, '');
    await (await lockEmbeddedLedger(ledger))();
  });
});

describe('progress lines', () => {
  const board = (live: boolean) => {
    let written = '';
    let now = 0;
    const progress = new ProgressBoard({ write: (text: string) => (written += text) }, live, () => now, 5);
    return { progress, output: () => written, tick: (ms: number) => (now += ms) };
  };

  it('without a TTY: one plain line per change, then the final sentence', () => {
    const { progress, output, tick } = board(false);
    progress.update('a', { status: 'submitted', estimatedCostUsd: 0.4 });
    tick(500);
    progress.update('a', { status: 'generating', progress: 50, estimatedCostUsd: 0.4 });
    progress.update('a', { status: 'generating', progress: 50, estimatedCostUsd: 0.4 }); // no change, no line
    tick(700);
    progress.finish('a', 'succeeded');
    progress.close();
    expect(output()).toBe(['a      submitted           0.0s  est. $0.40', 'a      generating   50%    0.5s  est. $0.40', 'a      succeeded 1.2s', ''].join('\n'));
  });

  it('on a TTY: lines are rewritten in place (\\r, cursor up for several jobs) and finished ones stay above', () => {
    const { progress, output } = board(true);
    progress.update('a', { status: 'submitted' });
    expect(output()).toBe('\x1b[2Ka      submitted           0.0s');
    progress.update('a', { status: 'generating', progress: 50 });
    expect(output().endsWith('\r\x1b[J\x1b[2Ka      generating   50%    0.0s')).toBe(true);
    progress.update('b', { status: 'submitted' });
    expect(output().endsWith('\r\x1b[J\x1b[2Ka      generating   50%    0.0s\n\x1b[2Kb      submitted           0.0s')).toBe(true);
    progress.update('b', { status: 'generating' });
    expect(output()).toContain('\r\x1b[1A\x1b[J'); // two lines drawn: back up one, then redraw
    progress.finish('a', 'succeeded');
    expect(output().endsWith('a      succeeded 0.0s\n\x1b[2Kb      generating          0.0s')).toBe(true);
    progress.close();
    expect(output().endsWith('\n')).toBe(true);
  });
});

describe('campaign results', () => {
  const clip = (id: string, status: CampaignClipResult['status'], extra: Partial<CampaignClipResult> = {}): CampaignClipResult => ({
    id,
    status,
    origin: 'new',
    recordId: null,
    requestId: null,
    idempotencyKey: `c/${id}/000000000000`,
    url: status === 'succeeded' ? `file:///m/${id}.mp4` : null,
    sha256: null,
    sizeBytes: null,
    durationSec: 6,
    aspectRatio: '16:9',
    qualityMode: 'draft',
    estimatedCostUsd: 0.3,
    actualCostUsd: status === 'succeeded' ? 0.25 : null,
    error: status === 'failed' ? { code: 'GENERATION_FAILED', message: 'boom' } : null,
    ...extra,
  });
  const result = (clips: CampaignClipResult[], interrupted = false): CampaignResult => ({
    version: 2,
    campaign: 'c',
    manifest: 'c.json',
    startedAt: '',
    finishedAt: '',
    interrupted,
    totals: totalsOf(clips),
    clips,
  });

  it.each([
    [[clip('a', 'succeeded'), clip('b', 'succeeded', { origin: 'done' })], false, 0],
    [[clip('a', 'succeeded'), clip('b', 'moderated')], false, 3],
    [[clip('a', 'moderated'), clip('b', 'failed')], false, 1],
    [[clip('a', 'succeeded'), clip('b', 'timed_out')], false, 1],
    [[clip('a', 'succeeded'), clip('b', 'not_started')], true, 130],
  ] as const)('exit code of %j (interrupted: %s) is %i', (clips, interrupted, code) => {
    expect(exitCodeOfCampaign(result([...clips], interrupted))).toBe(code);
  });

  it('totals and the summary table', () => {
    const summary = result([clip('intro', 'succeeded'), clip('talk', 'failed', { origin: 'resumed' }), clip('outro', 'succeeded', { origin: 'done', estimatedCostUsd: 0.4 })]);
    expect(summary.totals).toEqual({ clips: 3, succeeded: 2, moderated: 0, failed: 1, unfinished: 0, estimatedCostUsd: 1, actualCostUsd: 0.5, newSpendEstimatedUsd: 0.3 });
    expect(summaryTable(summary)).toEqual([
      'clip   status                   length  cost        url',
      '-----  -----------------------  ------  ----------  -----------------------',
      'intro  succeeded                6s      $0.25       file:///m/intro.mp4',
      'talk   failed                   6s      est. $0.30  GENERATION_FAILED: boom',
      'outro  succeeded (earlier run)  6s      $0.25       file:///m/outro.mp4',
      '',
      '2/3 stored, 0 moderated, 1 failed, 0 unfinished; estimated $1.00, reported $0.50',
    ]);
  });

  it('formats money and tables', () => {
    expect([formatUsd(0.4), formatUsd(0), formatUsd(0.0025), formatUsd(12), formatUsd(null)]).toEqual(['$0.40', '$0.00', '$0.0025', '$12.00', '—']);
    expect(formatTable(['a', 'bb'], [['long', 'x']])).toEqual(['a     bb', '----  --', 'long  x']);
  });
});
