/**
 * Test setup (every test file): `PGlite.create` starts new databases from the template of
 * `pglite-template.ts` instead of running `initdb` — an in-memory one loads the template's
 * dump; a data directory that does not exist yet (an embedded CLI ledger in a fresh home)
 * is first filled with a copy of the template directory. Existing directories, and calls
 * that bring their own `loadDataDir`, are left as they are.
 */
import { readFileSync } from 'node:fs';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { pgliteTemplate, pgliteTemplateReady, seedPgliteDirectory } from './pglite-template.js';

type Create = (dataDirOrOptions?: string | PGliteOptions, options?: PGliteOptions) => Promise<PGlite>;

if (pgliteTemplateReady()) {
  const original = PGlite.create.bind(PGlite) as Create;
  const fromTemplate: Create = (dataDirOrOptions, maybeOptions) => {
    const dataDir = typeof dataDirOrOptions === 'string' ? dataDirOrOptions : dataDirOrOptions?.dataDir;
    const options = (typeof dataDirOrOptions === 'string' ? maybeOptions : dataDirOrOptions) ?? {};
    if (options.loadDataDir !== undefined) return original(dataDirOrOptions, maybeOptions);
    if (dataDir === undefined || dataDir.startsWith('memory://')) {
      return original({ ...options, ...(dataDir === undefined ? {} : { dataDir }), loadDataDir: new Blob([readFileSync(pgliteTemplate.dump)]) });
    }
    if (!dataDir.includes('://')) seedPgliteDirectory(dataDir);
    return original(dataDirOrOptions, maybeOptions);
  };
  (PGlite as unknown as { create: Create }).create = fromTemplate;
}
