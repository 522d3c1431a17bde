import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { LedgerError } from '@ring/video-conductor';

/**
 * Takes the lock file beside the embedded ledger. PGlite is one Postgres in one process:
 * two processes opening the same directory would corrupt it, so the second one is refused
 * with a clear message instead. A lock left by a process that died (killed, crashed) is
 * taken over.
 *
 * @returns A function that releases the lock.
 * @throws LedgerError `LEDGER_IN_USE` (retryable) while another live process holds it.
 */
export async function lockEmbeddedLedger(directory: string): Promise<() => Promise<void>> {
  const lockFile = `${directory}.lock`;
  await mkdir(path.dirname(lockFile), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(lockFile, 'wx');
      await handle.writeFile(JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
      await handle.close();
      return async () => {
        await rm(lockFile, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 5) throw error;
    }
    const holder = await readHolder(lockFile);
    if (holder === undefined && attempt < 3) {
      // Perhaps created this instant and not written yet: look again before calling it stale.
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    if (holder !== undefined && isAlive(holder)) {
      throw new LedgerError(
        `The embedded ledger ${directory} is in use by process ${holder} (PGlite serves one process at a time); wait for it to finish, or set DATABASE_URL to share a Postgres between processes`,
        { ledger: 'postgres', code: 'LEDGER_IN_USE', isRetryable: true },
      );
    }
    // Moved aside rather than deleted, so of two processes replacing the same stale lock only one succeeds.
    await rename(lockFile, `${lockFile}.stale-${process.pid}`).then(
      () => rm(`${lockFile}.stale-${process.pid}`, { force: true }),
      () => undefined,
    );
  }
}

async function readHolder(lockFile: string): Promise<number | undefined> {
  try {
    const pid = (JSON.parse(await readFile(lockFile, 'utf8')) as { pid?: unknown }).pid;
    return typeof pid === 'number' ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
