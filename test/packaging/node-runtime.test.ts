import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const launcher = join(root, 'scripts', 'node-runtime.mjs');

const temporaryDirectories: string[] = [];
const temporaryDirectory = (): string => {
  const directory = mkdtempSync(join(tmpdir(), 'node-runtime-'));
  temporaryDirectories.push(directory);
  return directory;
};
afterEach(() => {
  for (const directory of temporaryDirectories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** Runs the launcher with the Node running the tests, in an environment without npm's script variables. */
function runLauncher(args: string[], env: Record<string, string> = {}) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_') && !name.startsWith('VIDEO_CONDUCTOR_NODE')));
  const started = performance.now();
  const result = spawnSync(process.execPath, [launcher, ...args], { encoding: 'utf8', env: { ...base, ...env }, timeout: 30_000 });
  return { ...result, elapsedMs: performance.now() - started };
}

/** A port nothing listens on: a server bound and closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('scripts/node-runtime.mjs (npm scripts on a Node older than 22.12)', () => {
  it('every npm script of the repository goes through it', () => {
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const direct = Object.entries(scripts).filter(([, command]) => !command.startsWith('node scripts/node-runtime.mjs '));
    expect(direct).toEqual([]);
  });

  it('on a recent Node runs the command as it is: its output and exit code pass through, nothing is installed', () => {
    const home = temporaryDirectory();
    const result = runLauncher([process.execPath, '-e', 'console.log(process.version); process.exit(7)'], { VIDEO_CONDUCTOR_NODE_HOME: home });
    expect(result.status).toBe(7);
    expect(result.stdout.trim()).toBe(process.version);
    expect(result.stderr).toBe('');
    expect(readdirSync(home)).toEqual([]);

    const binDir = runLauncher(['--bin-dir'], { VIDEO_CONDUCTOR_NODE_HOME: home });
    expect(binDir.stdout.trim()).toBe(dirname(process.execPath));
    expect(readdirSync(home)).toEqual([]);
  });

  it('on an old Node puts the cached Node first on the command\'s PATH, so `node` in the command is the recent one', () => {
    const home = temporaryDirectory();
    const binDir = join(home, 'node_modules', '.bin');
    mkdirSync(binDir, { recursive: true });
    // A stand-in for the cached Node 24: reports a version above the raised minimum, runs the real Node otherwise.
    writeFileSync(
      join(binDir, 'node'),
      `#!/bin/sh\nif [ "$1" = "-v" ]; then echo v99.1.0; exit 0; fi\nRUNTIME_MARK=cached exec "${process.execPath}" "$@"\n`,
    );
    chmodSync(join(binDir, 'node'), 0o755);

    const env = { VIDEO_CONDUCTOR_NODE_HOME: home, VIDEO_CONDUCTOR_NODE_MINIMUM: '99.0.0' };
    const result = runLauncher(['node', '-e', 'console.log(process.env.RUNTIME_MARK, process.env.PATH.split(require("node:path").delimiter)[0])'], env);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe(`cached ${binDir}`);
    expect(runLauncher(['--bin-dir'], env).stdout.trim()).toBe(binDir);
  });

  it('without a registry fails at once with one line naming the Node found and what to do', async () => {
    const home = temporaryDirectory();
    const port = await closedPort();
    const result = runLauncher(['node', '-e', 'process.exit(0)'], {
      VIDEO_CONDUCTOR_NODE_HOME: home,
      VIDEO_CONDUCTOR_NODE_MINIMUM: '99.0.0',
      npm_config_registry: `http://127.0.0.1:${port}/`,
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`node ${process.version} is older than 99.0.0`);
    expect(lines[0]).toContain('could not be fetched');
    expect(lines[0]).toContain('install Node >= 99.0.0');
    expect(readdirSync(home)).toEqual([]);
    // Reported, not asserted as a timing: the registry check gives up after 1.5 s at most.
    console.info(`[node-runtime] failed without a registry after ${Math.round(result.elapsedMs)} ms`);
  });

  it('VIDEO_CONDUCTOR_NODE_BOOTSTRAP=0 forbids the download: one line, no install', () => {
    const home = temporaryDirectory();
    const result = runLauncher(['node', '-e', 'process.exit(0)'], {
      VIDEO_CONDUCTOR_NODE_HOME: home,
      VIDEO_CONDUCTOR_NODE_MINIMUM: '99.0.0',
      VIDEO_CONDUCTOR_NODE_BOOTSTRAP: '0',
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^node-runtime: node v\d+\.\d+\.\d+ is older than 99\.0\.0; install Node >= 99\.0\.0/),
    ]);
    expect(readdirSync(home)).toEqual([]);
  });
});
