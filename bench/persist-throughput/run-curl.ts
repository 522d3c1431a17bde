import { spawn } from 'node:child_process';
import { open, stat } from 'node:fs/promises';

/** One `curl -s -o <file> <url>` download. */
export interface CurlRun {
  /** curl's own `time_total` (from the start of the transfer to its end), in ms. */
  transferMs: number;
  /** Wall time of the whole curl process (spawn to exit), in ms. */
  processMs: number;
  /** Time to fsync the written file afterwards, in ms; `undefined` unless asked. */
  fsyncMs?: number;
  /** Size of the written file, in bytes. */
  sizeBytes: number;
}

/** Whether a `curl` executable answers `curl --version`. */
export function curlAvailable(): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('curl', ['--version'], { stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
  });
}

/**
 * Downloads `url` into `path` with `curl -s -o`, as a shell user would; with `fsync`, the
 * file is then fsynced from this process (what the fs storage does before its rename).
 */
export async function runCurl(url: string, path: string, options: { fsync: boolean }): Promise<CurlRun> {
  const started = performance.now();
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('curl', ['-s', '-S', '-f', '-o', path, '-w', '%{time_total}', url], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`curl exited with code ${code}`))));
  });
  const processMs = performance.now() - started;
  const transferMs = Number(output.trim()) * 1000;
  let fsyncMs: number | undefined;
  if (options.fsync) {
    const syncStarted = performance.now();
    const handle = await open(path, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    fsyncMs = performance.now() - syncStarted;
  }
  const { size } = await stat(path);
  return { transferMs, processMs, ...(fsyncMs === undefined ? {} : { fsyncMs }), sizeBytes: size };
}
