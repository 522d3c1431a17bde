import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess, type CliRun } from './cli-harness.js';

// The binary runs with every optional peer unresolvable (MCP SDK, pg, PGlite, AWS SDK, sharp, ai, Runway SDK),
// as in a project that installed only `@ring/video-conductor`.
const hidePeers = pathToFileURL(path.join(import.meta.dirname, 'fixtures/hide-optional-peers.mjs')).href;
let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), 'video-conductor-no-peers-'));
});
afterAll(async () => rm(cwd, { recursive: true, force: true }));

const run = (args: readonly string[], env: Record<string, string | undefined> = {}) => runCliProcess(args, { cwd, env, imports: [hidePeers] });

/** A refusal the user can act on: exit 2 and exactly one stderr line naming what to install, no stack trace. */
function expectInstallLine(result: CliRun, packages: string): void {
  expect(result.code, result.stderr).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`needs the optional package .*: npm install ${packages.replace(/[/.]/g, '\\$&')}$`));
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('video-conductor without the optional peers installed', () => {
  it('--help exits 0 and lists the commands', async () => {
    const result = await run(['--help']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('mcp');
    expect(result.stderr).toBe('');
  });

  it('estimate needs no peer', async () => {
    const result = await run(['estimate', 'A fox in the snow', '--duration', '4']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/estimated cost/);
  });

  it('mcp exits 2 naming the MCP SDK to install', async () => {
    expectInstallLine(await run(['mcp']), '@modelcontextprotocol/sdk');
  });

  it('generate --provider local exits 2 naming the embedded ledger package to install', async () => {
    expectInstallLine(await run(['generate', 'x', '--provider', 'local']), '@electric-sql/pglite');
  });

  it('estimate --provider runway needs no peer (the Runway SDK is loaded at the first call only)', async () => {
    const result = await run(['estimate', 'A fox in the snow', '--provider', 'runway', '--quality-mode', 'production', '--duration', '5']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/production\s+gen4\.5\s+720p\s+5 s/);
  });

  it('generate --provider runway exits 2 naming @runwayml/sdk, before the ledger is opened', async () => {
    expectInstallLine(await run(['generate', 'x', '--provider', 'runway'], { RUNWAYML_API_SECRET: 'key_never-sent' }), '@runwayml/sdk');
  });

  it('list with DATABASE_URL set exits 2 naming pg', async () => {
    expectInstallLine(await run(['list'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:9/none' }), 'pg');
  });
});
