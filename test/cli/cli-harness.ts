import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const binary = path.join(repoRoot, 'adapters/cli/bin.ts');
/** tsx, by absolute URL: the child runs in a temp directory where `--import tsx` would not resolve. */
const tsxLoader = import.meta.resolve('tsx');

/** What a finished CLI process left. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link startCli} and {@link runCliProcess}. */
export interface CliProcessOptions {
  /** Working directory of the child (a temp directory). */
  cwd: string;
  /** `VIDEO_CONDUCTOR_HOME`; `undefined`: not set, so `<cwd>/.video-conductor`. */
  home?: string;
  /** More variables; `undefined` values are removed. */
  env?: Record<string, string | undefined>;
  /** More `--import` modules for the child, loaded after tsx (e.g. `fixtures/hide-optional-peers.mjs`). */
  imports?: readonly string[];
}

/**
 * The child's environment: the parent's minus everything that could choose a real service
 * (CI sets DATABASE_URL; a developer may have XAI_API_KEY or AWS variables), plus the local
 * provider and `TSX_TSCONFIG_PATH`, without which tsx — started outside the repository —
 * would resolve the package's own name to a stale `dist/` instead of the sources.
 */
export function cliEnv(options: CliProcessOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(DATABASE_URL|XAI_|VIDEO_CONDUCTOR_|AWS_|PG[A-Z]*$)/.test(name)) continue;
    env[name] = value;
  }
  Object.assign(env, {
    TSX_TSCONFIG_PATH: path.join(repoRoot, 'tsconfig.json'),
    VIDEO_CONDUCTOR_PROVIDER: 'local',
    VIDEO_CONDUCTOR_LOCAL_POLL_INTERVAL_MS: '40',
    NO_COLOR: '1',
  });
  if (options.home !== undefined) env.VIDEO_CONDUCTOR_HOME = options.home;
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** Starts `video-conductor <args>` as `node --import tsx adapters/cli/bin.ts <args>`. */
export function startCli(args: readonly string[], options: CliProcessOptions): ChildProcess & { output: { stdout: string; stderr: string } } {
  const imports = (options.imports ?? []).flatMap((module) => ['--import', module]);
  const child = spawn(process.execPath, ['--import', tsxLoader, ...imports, binary, ...args], {
    cwd: options.cwd,
    env: cliEnv(options),
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { output: { stdout: string; stderr: string } };
  child.output = { stdout: '', stderr: '' };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (child.output.stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (child.output.stderr += chunk));
  return child;
}

/** Resolves when the child exits. */
export function exitOf(child: ReturnType<typeof startCli>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, ...child.output }));
  });
}

/** Runs the CLI to its end. */
export async function runCliProcess(args: readonly string[], options: CliProcessOptions): Promise<CliRun> {
  return exitOf(startCli(args, options));
}

/** Parses the one JSON document a `--json` run prints on stdout (failing with the output when it is not one). */
export function jsonOf(run: CliRun): any {
  try {
    return JSON.parse(run.stdout);
  } catch {
    throw new Error(`stdout is not one JSON document:\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
}

/** Resolves once `predicate(stdout)` holds (polling), or rejects after `timeoutMs` or when the child exits first. */
export async function waitForOutput(child: ReturnType<typeof startCli>, predicate: (stdout: string) => boolean, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!predicate(child.output.stdout)) {
    if (child.exitCode !== null) throw new Error(`the CLI exited (${child.exitCode}) before the expected output:\n${child.output.stdout}\n${child.output.stderr}`);
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for output:\n${child.output.stdout}\n${child.output.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A temp directory for one test file, with a home whose embedded ledger is migrated. */
export interface CliScratch {
  root: string;
  /** `<root>/home`, made by the real `migrate` command. Share it: PGlite's first start costs seconds. */
  home: string;
  /** The `migrate` run that made the home, for assertions. */
  migrateRun: CliRun;
  remove(): Promise<void>;
}

/** Creates the scratch directory and its home by running `video-conductor migrate` once. */
export async function createCliScratch(): Promise<CliScratch> {
  const root = await mkdtemp(path.join(tmpdir(), 'video-conductor-cli-'));
  const home = path.join(root, 'home');
  const migrateRun = await runCliProcess(['migrate'], { cwd: root, home });
  return { root, home, migrateRun, remove: () => rm(root, { recursive: true, force: true }) };
}
