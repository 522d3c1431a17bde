// Writes package.json `exports`, tsconfig.json `paths` and typedoc.json `entryPoints` from
// the one list of subpaths, `subpathEntries` in tsup.config.ts (run: npm run subpaths:write;
// `--check` only reports, and exits 1 when a file is not current).
// test/packaging/exports-map.test.ts fails when the files drift from the list.
import { readFileSync, writeFileSync } from 'node:fs';
import { expectedSubpathFiles, type SubpathFile } from './subpath-files.js';

const root = new URL('../', import.meta.url);
const read = (file: SubpathFile) => readFileSync(new URL(file, root), 'utf8');
const check = process.argv.includes('--check');

let stale = 0;
for (const [file, text] of Object.entries(expectedSubpathFiles(read)) as [SubpathFile, string][]) {
  if (read(file) === text) {
    console.log(`${file} is current`);
  } else if (check) {
    stale += 1;
    console.error(`${file} differs from the subpaths of tsup.config.ts (run: npm run subpaths:write)`);
  } else {
    writeFileSync(new URL(file, root), text);
    console.log(`wrote ${file}`);
  }
}
process.exitCode = stale > 0 ? 1 : 0;
