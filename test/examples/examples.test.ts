import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
const examples = readdirSync(new URL('../../examples', import.meta.url)).filter((name) => name.endsWith('.ts'));

describe('examples run as published code', () => {
  it('has examples', () => expect(examples.length).toBeGreaterThan(0));

  it.each(examples)('examples/%s runs and reports a stored video', async (name) => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', `examples/${name}`], { cwd: root, timeout: 60_000 });
    expect(stdout).toMatch(/stored: \S+ \(\d+ bytes, sha256 [0-9a-f]{64}\)/);
    expect(stdout).toMatch(/ledger: succeeded/);
  });
});
