/** Vitest global setup: makes the PGlite template (see `pglite-template.ts`) once, before any test file runs. */
import { ensurePgliteTemplate } from './pglite-template.js';

export default async function makePgliteTemplate(): Promise<void> {
  await ensurePgliteTemplate();
}
