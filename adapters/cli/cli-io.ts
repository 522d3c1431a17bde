import type { VideoConductorEnv } from './env/video-conductor-env-options.js';

/** Where the CLI writes, what it reads: the process by default, anything in tests. */
export interface CliIo {
  /** Results (human or the `--json` document). `isTTY` turns on the live progress lines. */
  stdout: { write(text: string): unknown; isTTY?: boolean };
  /** Errors, warnings and (with `--json`) progress logs. */
  stderr: { write(text: string): unknown };
  /** Environment variables. */
  env: VideoConductorEnv;
  /** Base of relative paths (manifests, `--out`, the home directory). */
  cwd: string;
  /** Aborted on Ctrl-C: running jobs stop waiting and stay resumable. */
  signal?: AbortSignal;
}

/**
 * The process's streams, environment and working directory.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), processIo());
 * ```
 */
export function processIo(signal?: AbortSignal): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), ...(signal === undefined ? {} : { signal }) };
}
