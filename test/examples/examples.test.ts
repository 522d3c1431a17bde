import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { seedPgliteDirectory } from '../support/pglite-template.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
const examples = readdirSync(new URL('../../examples', import.meta.url)).filter((name) => name.endsWith('.ts'));

/** The demo's data directory (it honours VIDEO_CONDUCTOR_HOME), so the test leaves the repository clean. */
let home: string;
beforeAll(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'video-conductor-examples-'));
  // The examples' embedded ledger starts from the initialised PGlite template (no initdb).
  seedPgliteDirectory(path.join(home, 'ledger'));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

// Run from the repository root with the package's own names resolved through its `exports`
// to the built dist/ (rebuilt by the test setup when stale) — the code an app that installed
// the package runs; tsx transpiles only the example. (`npm run demo` resolves them to the
// sources through tsconfig.json `paths` instead, so it needs no build.)
const runExample = (name: string) =>
  run(process.execPath, ['--import', 'tsx', `examples/${name}`], {
    cwd: root,
    timeout: 120_000,
    env: { ...process.env, VIDEO_CONDUCTOR_HOME: home, TSX_TSCONFIG_PATH: path.join(root, 'test/support/tsconfig.dist.json') },
  });

describe('examples run as published code', { timeout: 150_000 }, () => {
  it('has examples', () => expect(examples).toEqual(expect.arrayContaining(['quickstart.ts', 'demo.ts'])));

  it.each(examples)('examples/%s runs and reports a stored video', async (name) => {
    const { stdout } = await runExample(name);
    expect(stdout).toMatch(/stored: \S+ \(\d+ bytes, sha256 [0-9a-f]{64}\)/);
    expect(stdout).toMatch(/ledger: succeeded/);
  });

  it('the demo works offline again on the same home: a second row, the file hash checked against it', async () => {
    const { stdout } = await runExample('demo.ts');
    expect(stdout).toContain(`provider local, storage ${path.join(home, 'media')}, ledger pglite:${path.join(home, 'ledger')}`);
    expect(stdout).toMatch(/^ {2}progress generating 33%$/m);
    expect(stdout).toContain("verified: the stored file's sha256 matches the ledger row (2 demo rows so far)");
  });
});
