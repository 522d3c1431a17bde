#!/usr/bin/env node
/**
 * `npm run check:samples` — type-checks the code samples of the docs, so they cannot drift
 * from the API.
 *
 * Every ` ```ts `, ` ```typescript `, ` ```js ` and ` ```javascript ` block of README.md,
 * docs/**\/*.md (not the generated docs/reference) and adapters/*\/README.md becomes a file
 * under .tmp/doc-samples/ and `tsc --noEmit` checks them all at once, with the repository's
 * tsconfig (its `paths` resolve `@ring/video-conductor/*` to the sources). `ts` blocks are
 * `.ts` modules; `js` blocks are `.mjs` files checked with `checkJs`. ` ```json ` blocks must
 * parse.
 *
 * Conventions (CONTRIBUTING.md):
 * - a block is a module: it imports what it uses;
 * - `<!-- sample-context: conductor pool -->` on the line before a fence gives a fragment the
 *   names it continues from, declared in scripts/doc-sample-context.ts;
 * - ` ```ts no-check ` skips a block (only for code that cannot compile by design).
 *
 * A failure prints `file:line` of the Markdown line with the error, then tsc's message.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMarkdownBlocks } from './markdown-blocks.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, '.tmp/doc-samples');
const contextModule = path.join(root, 'scripts/doc-sample-context.ts');

/** The Markdown files whose samples are checked, relative to the root. */
export function sampleFiles() {
  const files = ['README.md'];
  const walk = (dir) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = path.join(dir, entry.name);
      if (entry.isDirectory() && relative !== path.join('docs', 'reference')) walk(relative);
      else if (entry.isFile() && entry.name.endsWith('.md')) files.push(relative);
    }
  };
  walk('docs');
  for (const adapter of readdirSync(path.join(root, 'adapters')).sort()) {
    if (existsSync(path.join(root, 'adapters', adapter, 'README.md'))) files.push(path.join('adapters', adapter, 'README.md'));
  }
  return files;
}

const codeLangs = { ts: '.ts', typescript: '.ts', js: '.mjs', javascript: '.mjs' };

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

const samples = new Map(); // sample file name → { markdown, line, prefixLines }
const failures = [];
let skipped = 0;
let jsonChecked = 0;

for (const markdown of sampleFiles()) {
  for (const block of readMarkdownBlocks(path.join(root, markdown))) {
    if (block.lang === 'json' && !block.words.includes('no-check')) {
      jsonChecked++;
      try {
        JSON.parse(block.code);
      } catch (error) {
        failures.push(`${markdown}:${block.line}: the json block does not parse: ${error.message}`);
      }
      continue;
    }
    const extension = codeLangs[block.lang];
    if (extension === undefined) continue;
    if (block.words.includes('no-check')) {
      skipped++;
      continue;
    }
    const name = `${markdown.replace(/[\\/.]/g, '_')}_L${block.line}${extension}`;
    const relativeContext = path.relative(outDir, contextModule).replace(/\\/g, '/').replace(/\.ts$/, '.js');
    const prefix = block.context.length === 0 ? '' : `import { ${block.context.join(', ')} } from '${relativeContext}';\n`;
    // The code starts on the line after the fence; `export {}` keeps a block without imports a module.
    writeFileSync(path.join(outDir, name), `${prefix}${block.code}export {};\n`);
    samples.set(name, { markdown, line: block.line, prefixLines: prefix === '' ? 0 : 1 });
  }
}

writeFileSync(
  path.join(outDir, 'tsconfig.json'),
  JSON.stringify(
    {
      extends: '../../tsconfig.json',
      compilerOptions: { allowJs: true, checkJs: true, noEmit: true, noUnusedLocals: false, noUnusedParameters: false },
      include: ['*.ts', '*.mjs', '../../scripts/doc-sample-context.ts', '../../scripts/doc-sample-modules.d.ts'],
    },
    null,
    2,
  ),
);

const tsc = path.join(root, 'node_modules/.bin/tsc');
const result = spawnSync(tsc, ['-p', path.join(outDir, 'tsconfig.json'), '--pretty', 'false'], { cwd: root, encoding: 'utf8' });
if (result.error) throw result.error;
const output = `${result.stdout}${result.stderr}`;
let unmapped = '';
for (const line of output.split('\n')) {
  const match = /^(.*?)\((\d+),(\d+)\): (error .*)$/.exec(line);
  const sample = match === null ? undefined : samples.get(path.basename(match[1]));
  if (match !== null && sample !== undefined) {
    const markdownLine = sample.line + Number(match[2]) - sample.prefixLines;
    failures.push(`${sample.markdown}:${markdownLine}:${match[3]}: ${match[4]}`);
  } else if (line.startsWith(' ') && failures.length > 0) {
    failures[failures.length - 1] += `\n${line}`;
  } else if (line.trim() !== '') {
    unmapped += `${line}\n`;
  }
}
if (result.status !== 0 && failures.length === 0) failures.push(`tsc failed:\n${unmapped || output}`);

if (failures.length > 0) {
  console.error(`✖ check:samples: ${failures.length} problem(s) in the docs' samples\n`);
  for (const failure of failures) console.error(failure);
  process.exit(1);
}
rmSync(outDir, { recursive: true, force: true });
console.log(
  `✔ check:samples: ${samples.size} code samples type-check, ${jsonChecked} json blocks parse ` +
    `(${skipped} marked no-check) in ${sampleFiles().length} Markdown files`,
);
