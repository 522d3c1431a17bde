import { fork } from 'node:child_process';

/**
 * Runs `module` (a `.ts` file, through the same tsx loader as this process) in a fresh
 * child process with `request` as JSON in `argv[2]`, and resolves with the one message the
 * child sends over IPC before exiting with code 0. The child gets `--expose-gc`, so it can
 * force collections before taking a baseline.
 */
export function forkChild<Request, Report>(module: URL, request: Request, label: string): Promise<Report> {
  return new Promise((resolve, reject) => {
    const child = fork(module, [JSON.stringify(request)], {
      execArgv: [...process.execArgv, '--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let report: Report | undefined;
    child.on('message', (message) => {
      report = message as Report;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (report !== undefined && code === 0) resolve(report);
      else reject(new Error(`the ${label} child exited with ${signal ?? `code ${code}`}`));
    });
  });
}

/** Forces a full GC a few times with pauses in between (needs `--expose-gc`; a no-op otherwise). */
export async function collectGarbage(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let round = 0; round < 3; round++) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
