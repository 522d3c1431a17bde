/**
 * A freshly initialised PGlite database, made once and copied wherever a test needs a new one.
 *
 * Starting a PGlite on an empty data directory runs `initdb` in WebAssembly: about 2 s of CPU
 * each time. The suite starts dozens (one per embedded CLI ledger, per test file's in-memory
 * database), so the global setup makes one template — a data directory on disk and its
 * `dumpDataDir` tarball — and the test setup hands copies of it out (see
 * `pglite-template-setup.ts`). The template is exactly what `initdb` of the same PGlite
 * version writes; nothing is migrated in it, so every test still runs its own `migrate`.
 */
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';

const pgliteVersion = (JSON.parse(readFileSync(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Where the template lives: the temp directory, keyed by the PGlite version. */
export const pgliteTemplate = {
  directory: path.join(tmpdir(), `video-conductor-test-pglite-${pgliteVersion}`),
  get dump(): string {
    return `${this.directory}.tar`;
  },
};

/** Whether the template exists (made by an earlier run or by this run's global setup). */
export function pgliteTemplateReady(): boolean {
  return existsSync(path.join(pgliteTemplate.directory, 'PG_VERSION')) && existsSync(pgliteTemplate.dump);
}

/** Makes the template unless it exists. Written under temporary names and renamed, so a reader never sees half of it. */
export async function ensurePgliteTemplate(): Promise<void> {
  if (pgliteTemplateReady()) return;
  const scratch = `${pgliteTemplate.directory}.${process.pid}.tmp`;
  await rm(scratch, { recursive: true, force: true });
  await mkdir(path.dirname(scratch), { recursive: true });
  const db = await PGlite.create(scratch);
  await db.query('SELECT 1');
  const dump = await db.dumpDataDir('none');
  await db.close();
  await writeFile(`${scratch}.tar`, new Uint8Array(await dump.arrayBuffer()));
  await rm(pgliteTemplate.directory, { recursive: true, force: true });
  await rename(scratch, pgliteTemplate.directory);
  await rename(`${scratch}.tar`, pgliteTemplate.dump);
}

/** A new in-memory PGlite started from the template (no `initdb`); synchronous like `new PGlite()`. */
export function newPglite(options: PGliteOptions = {}): PGlite {
  if (!pgliteTemplateReady()) return new PGlite(options);
  return new PGlite({ ...options, loadDataDir: new Blob([readFileSync(pgliteTemplate.dump)]) });
}

/**
 * Fills `directory` with a copy of the template when it does not exist yet or is empty, so a
 * PGlite started on it (in a child process, where the test setup does not reach) skips initdb.
 */
export function seedPgliteDirectory(directory: string): void {
  if (!pgliteTemplateReady()) return;
  if (existsSync(directory) && readdirSync(directory).length > 0) return;
  cpSync(pgliteTemplate.directory, directory, { recursive: true });
}
