import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../adapters/cli/run-cli.js';
import { seedPgliteDirectory } from '../support/pglite-template.js';

/** The repository root. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/**
 * The built executable, as `npm install` gives it to users: plain node, no transpiler, the
 * package's own subpaths resolved to `dist/` by its `exports`. `test/ensure-built-dist.ts`
 * (vitest's global setup) rebuilds `dist/` first when a source is newer.
 */
export const cliBinary = path.join(repoRoot, 'dist/cli/bin.js');

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
  /** More `--import` modules for the child (e.g. `fixtures/hide-optional-peers.mjs`); child processes only. */
  imports?: readonly string[];
}

/**
 * The child's environment: the parent's minus everything that could choose a real service
 * (CI sets DATABASE_URL; a developer may have XAI_API_KEY or AWS variables), plus the local
 * provider. In-process runs ({@link runCliInProcess}) get the same variables as `io.env`.
 */
export function cliEnv(options: CliProcessOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(DATABASE_URL|XAI_|RUNWAYML_|VIDEO_CONDUCTOR_|AWS_|PG[A-Z]*$)/.test(name)) continue;
    env[name] = value;
  }
  Object.assign(env, {
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

/** Starts `video-conductor <args>` as `node dist/cli/bin.js <args>`, the built executable. */
export function startCli(args: readonly string[], options: CliProcessOptions): ChildProcess & { output: { stdout: string; stderr: string } } {
  const env = cliEnv(options);
  // The embedded ledger of a home the test made starts as a copy of the initialised template:
  // the child skips initdb (about 2 s of CPU), and everything after it (migrate included) runs
  // as usual. A home that does not exist is left alone (tests check what creates it).
  if (env.DATABASE_URL === undefined && options.home !== undefined && existsSync(options.home)) seedPgliteDirectory(path.join(options.home, 'ledger'));
  const imports = (options.imports ?? []).flatMap((module) => ['--import', module]);
  const child = spawn(process.execPath, [...imports, cliBinary, ...args], {
    cwd: options.cwd,
    env,
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

/** Runs the built CLI to its end in a child process. */
export async function runCliProcess(args: readonly string[], options: CliProcessOptions): Promise<CliRun> {
  return exitOf(startCli(args, options));
}

/**
 * Runs `runCli(args, io)` in this process, from the sources, with the environment and working
 * directory a child would get ({@link cliEnv}) and both streams captured: what the binary does
 * minus node's start-up and the process plumbing (`bin.ts`: signals, `process.exitCode`),
 * which the child-process cases cover. Not a TTY, like a child's pipe.
 */
export async function runCliInProcess(args: readonly string[], options: CliProcessOptions & { signal?: AbortSignal }): Promise<CliRun> {
  if (options.imports !== undefined) throw new Error('runCliInProcess cannot load --import modules; use runCliProcess');
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: cliEnv(options),
    cwd: options.cwd,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  return { code, signal: null, stdout, stderr };
}

/** A `runCli` running in this process: its output so far, and Ctrl-C. */
export interface InProcessCli {
  output: { stdout: string; stderr: string };
  /** The exit code once `runCli` resolved; `null` while it runs. */
  exitCode: number | null;
  /** What the binary does on the first SIGINT: aborts `io.signal`. */
  interrupt(): void;
  /** Resolves when `runCli` does. */
  exited: Promise<CliRun>;
}

/**
 * Starts `runCli(args, io)` in this process (see {@link runCliInProcess}) for commands that
 * keep running (servers): the output is readable while it runs, and `interrupt()` is Ctrl-C.
 */
export function startCliInProcess(args: readonly string[], options: CliProcessOptions): InProcessCli {
  const controller = new AbortController();
  const output = { stdout: '', stderr: '' };
  const running: InProcessCli = {
    output,
    exitCode: null,
    interrupt: () => controller.abort(new DOMException('Interrupted', 'AbortError')),
    exited: runCli(args, {
      stdout: { write: (text: string) => (output.stdout += text) },
      stderr: { write: (text: string) => (output.stderr += text) },
      env: cliEnv(options),
      cwd: options.cwd,
      signal: controller.signal,
    }).then((code) => {
      running.exitCode = code;
      return { code, signal: null, ...output };
    }),
  };
  return running;
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

/**
 * Creates the scratch directory and its home by running `video-conductor migrate` once:
 * in this process by default, or as the built executable with `{ process: true }`.
 */
export async function createCliScratch(options: { process?: boolean } = {}): Promise<CliScratch> {
  const root = await mkdtemp(path.join(tmpdir(), 'video-conductor-cli-'));
  const home = path.join(root, 'home');
  await mkdir(home);
  const migrateRun = await (options.process === true ? runCliProcess : runCliInProcess)(['migrate'], { cwd: root, home });
  return { root, home, migrateRun, remove: () => rm(root, { recursive: true, force: true }) };
}
