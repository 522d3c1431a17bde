import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetFromEnv } from '../../adapters/cli/index.js';
import { createCliScratch, jsonOf, runCliInProcess, type CliScratch } from './cli-harness.js';

// runCli in-process (the environment a child would get, as io.env); cli-commands.test.ts runs the binary.

let scratch: CliScratch;
beforeAll(async () => {
  scratch = await createCliScratch();
});
afterAll(async () => scratch?.remove());

const cli = (args: readonly string[], env: Record<string, string>) => runCliInProcess(args, { cwd: scratch.root, home: scratch.home, env });
const submits = async (log: string) => (existsSync(log) ? (await readFile(log, 'utf8')).trim().split('\n').filter(Boolean).length : 0);

describe('budgets from the environment (VIDEO_CONDUCTOR_MAX_USD_*)', () => {
  it('VIDEO_CONDUCTOR_MAX_USD_PER_JOB refuses a job above it with exit 2, before anything is submitted or recorded', async () => {
    const log = path.join(scratch.root, 'per-job.jsonl');
    const result = await cli(['generate', 'A fox in the snow', '--duration', '4', '--json'], {
      VIDEO_CONDUCTOR_MAX_USD_PER_JOB: '0.10',
      VIDEO_CONDUCTOR_LOCAL_SUBMIT_LOG: log,
    });
    expect(result.code, result.stderr).toBe(2);
    expect(jsonOf(result).error).toMatchObject({ code: 'BUDGET_EXCEEDED', budget: 'maxUsdPerJob', limitUsd: 0.1 });
    expect(await submits(log)).toBe(0);
    const list = jsonOf(await cli(['list', '--json'], {}));
    expect(list.records).toEqual([]);
  });

  it('VIDEO_CONDUCTOR_MAX_USD_PER_DAY and VIDEO_CONDUCTOR_MAX_USD_PER_ACTOR are applied (the local provider reports $0, so the estimate alone passes them)', async () => {
    const log = path.join(scratch.root, 'per-day.jsonl');
    const perDay = await cli(['generate', 'A fox in the rain', '--duration', '4'], { VIDEO_CONDUCTOR_MAX_USD_PER_DAY: '0.15', VIDEO_CONDUCTOR_LOCAL_SUBMIT_LOG: log });
    expect(perDay.code, perDay.stdout).toBe(2);
    expect(perDay.stderr).toMatch(/maxUsdPerDay \(0\.15 USD per UTC day\)/);
    const perActor = await cli(['generate', 'A fox in the rain', '--duration', '4', '--actor-id', 'agent-a'], {
      VIDEO_CONDUCTOR_MAX_USD_PER_ACTOR: '0.15',
      VIDEO_CONDUCTOR_LOCAL_SUBMIT_LOG: log,
    });
    expect(perActor.code, perActor.stdout).toBe(2);
    expect(perActor.stderr).toMatch(/maxUsdPerActor \(0\.15 USD per UTC day for actor agent-a\)/);
    const within = await cli(['generate', 'A fox in the rain', '--duration', '2'], { VIDEO_CONDUCTOR_MAX_USD_PER_DAY: '0.15', VIDEO_CONDUCTOR_LOCAL_SUBMIT_LOG: log });
    expect(within.code, within.stderr).toBe(0);
    expect(await submits(log)).toBe(1);
  });

  it.each(['abc', '-5', '0', '5 USD', '1e3', 'Infinity', '0x10'])('a malformed budget (%j) stops the command with one line naming the variable', async (value) => {
    const result = await cli(['generate', 'x'], { VIDEO_CONDUCTOR_MAX_USD_PER_DAY: value });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')[0]).toBe(
      `error: VIDEO_CONDUCTOR_MAX_USD_PER_DAY must be a positive amount of USD such as 25 or 2.50, got ${JSON.stringify(value)}`,
    );
  });

  it('budgetFromEnv reads the three variables as USD; unset or empty means no limit', () => {
    expect(budgetFromEnv({ VIDEO_CONDUCTOR_MAX_USD_PER_JOB: '2.50', VIDEO_CONDUCTOR_MAX_USD_PER_DAY: ' 25 ', VIDEO_CONDUCTOR_MAX_USD_PER_ACTOR: '' })).toEqual({
      maxUsdPerJob: 2.5,
      maxUsdPerDay: 25,
    });
    expect(budgetFromEnv({})).toEqual({});
  });
});
