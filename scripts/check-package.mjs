#!/usr/bin/env node
/**
 * `npm run check:package` — checks what users would install, not the sources.
 *
 * 1. build: always runs `npm run build` first, so the checks never look at a stale `dist/`
 *    (`--no-build` skips it when `dist/` was just built, as in .ci/run; without `dist/`
 *    it builds anyway);
 * 2. dist: every `exports` target exists; adapter subpaths import core by name instead of
 *    inlining its code or types; core bundles `presets/video-presets.json`;
 * 3. publint --strict;
 * 4. attw --pack . --profile node16 (types resolve for node16 ESM + CJS and bundlers);
 * 5. smoke: `npm pack`, install the tarball (+ every optional peer: vitest for `/contract`, the AWS SDK for `/s3`)
 *    in a temp project, then an ESM and a CJS script load every subpath and check that
 *    errors cross subpaths and formats (scripts/package-smoke/);
 * 6. no optional peers: the same tarball alone in another temp project, where
 *    `video-conductor --help` and `estimate` must exit 0 and `generate --provider local` and
 *    `mcp` must exit 0 or exit 2 with one line naming the `npm install …` to run.
 *
 * Prints a report with a line per step and exits 1 when any step fails. Temp dirs are
 * removed on the way out.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const packageName = packageJson.name;
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const skipBuild = process.argv.includes('--no-build') && existsSync(path.join(root, 'dist/index.js'));

/** npm sets this for scripts; a nested `npm install` elsewhere must not inherit it. */
const childEnv = { ...process.env };
delete childEnv.npm_config_local_prefix;

const results = [];
const tempDirs = [];
const removeTempDirs = () => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
};
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    removeTempDirs();
    process.exit(130);
  });
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    env: childEnv,
    stdio: options.capture ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...options,
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    const output = options.capture ? `\n${result.stdout}${result.stderr}`.trimEnd() : '';
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}${output}`);
  }
  return result;
}

async function step(name, action) {
  console.log(`\n── check:package: ${name}`);
  const started = performance.now();
  try {
    const detail = await action();
    results.push({ name, ok: true, ms: performance.now() - started, detail });
    return true;
  } catch (error) {
    results.push({ name, ok: false, ms: performance.now() - started, detail: error instanceof Error ? error.message : String(error) });
    console.error(`✖ ${name}: ${error instanceof Error ? error.message : error}`);
    return false;
  }
}

/** Every file path named by package.json `exports` (conditions flattened). */
function exportTargets(value) {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(exportTargets);
}

/** Local names of what a bundled entry exports (its final `export { a, b as c }` blocks). */
function exportedNames(file) {
  if (!existsSync(path.join(root, file))) return [];
  const text = readFileSync(path.join(root, file), 'utf8');
  const names = [];
  for (const match of text.matchAll(/^export (?:type )?\{([^}]*)\};?$/gm)) {
    for (const item of match[1].split(',')) {
      const local = item.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0];
      if (local) names.push(local);
    }
  }
  return names;
}

/**
 * How an adapter output betrays an inlined copy of core: it declares one of core's
 * exported names itself, or it reaches core by a relative path (`../index.js`, a shared
 * chunk) instead of the package name.
 */
function inliningProblems(file, text, coreNames) {
  const problems = [];
  const declared = coreNames.filter((name) =>
    new RegExp(
      `\\b(?:interface|class|enum)\\s+${name}\\b|\\btype\\s+${name}\\s*(?:<[^=]*>)?\\s*=|\\bfunction\\s+${name}\\s*[(<]|\\b(?:var|let|const)\\s+${name}\\s*[=:]`,
    ).test(text),
  );
  if (declared.length > 0) problems.push(`${file} declares core's ${declared.slice(0, 5).join(', ')}: core was inlined`);
  // The prefix of the error markers (src/errors/video-conductor-error.ts) exists only in core's code.
  if (text.includes('ring.video-conductor.error.')) problems.push(`${file} contains core's error markers: core was inlined`);
  const relative = text.match(/(?:\bfrom\s*|\brequire\(\s*|\bimport\(\s*)["']\.\.?\/[^"']*["']/);
  if (relative) problems.push(`${file} imports ${relative[0]}: adapters must reach core as ${packageName}`);
  return problems;
}

function checkDist() {
  const problems = [];
  const notes = [];
  const coreNames = {
    js: exportedNames('dist/index.js'),
    types: [...new Set([...exportedNames('dist/index.d.ts'), ...exportedNames('dist/index.d.cts')])],
  };
  if (coreNames.js.length === 0 || coreNames.types.length === 0) problems.push('could not read the exports of dist/index.js / dist/index.d.ts');
  for (const [subpath, target] of Object.entries(packageJson.exports)) {
    const files = exportTargets(target);
    for (const file of files) {
      if (!existsSync(path.join(root, file))) problems.push(`exports["${subpath}"] → ${file} does not exist`);
    }
    if (subpath === '.' || subpath.endsWith('.json')) continue;
    // An adapter subpath: core must stay external (one copy of core per format).
    const imports = [];
    for (const file of files.filter((name) => /\.(c?js|d\.c?ts)$/.test(name) && existsSync(path.join(root, name)))) {
      const text = readFileSync(path.join(root, file), 'utf8');
      problems.push(...inliningProblems(file, text, /\.d\.c?ts$/.test(file) ? coreNames.types : coreNames.js));
      if (text.includes(`"${packageName}"`) || text.includes(`'${packageName}'`)) imports.push(path.basename(file));
    }
    notes.push(`${subpath} imports core in: ${imports.join(' ') || '(none)'}`);
  }
  const presets = JSON.parse(readFileSync(path.join(root, 'presets/video-presets.json'), 'utf8'));
  const someModel = Object.values(presets.qualityModes)[0]?.model;
  for (const file of ['dist/index.js', 'dist/index.cjs']) {
    if (!existsSync(path.join(root, file))) continue;
    const text = readFileSync(path.join(root, file), 'utf8');
    if (/(?:from\s*|require\(\s*|import\(\s*)["'][^"']*video-presets\.json["']/.test(text)) {
      problems.push(`${file} loads video-presets.json at run time instead of bundling it`);
    } else if (someModel && !text.includes(JSON.stringify(someModel))) {
      problems.push(`${file} does not contain the bundled presets (model ${someModel} not found)`);
    }
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return notes.join('; ');
}

let packed;
/** `npm pack` once into a temp directory; both smoke projects install this tarball. */
function packTarball() {
  if (packed !== undefined) return packed;
  const temp = mkdtempSync(path.join(tmpdir(), 'video-conductor-check-package-'));
  tempDirs.push(temp);
  const result = run(npm, ['pack', '--json', '--pack-destination', temp], { capture: true });
  packed = { temp, tarball: path.join(temp, JSON.parse(result.stdout)[0].filename) };
  return packed;
}

function smokeTest() {
  const { temp, tarball } = packTarball();

  const project = path.join(temp, 'project');
  cpSync(path.join(root, 'scripts/package-smoke'), project, { recursive: true });
  writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'video-conductor-smoke', private: true, version: '0.0.0' }, null, 2),
  );
  // Every optional peer (vitest for /contract, the AWS SDK for /s3, …), at the version our
  // lock file installed — already in the npm cache after `npm ci`.
  const installedVersion = (name) => {
    const manifest = path.join(root, 'node_modules', ...name.split('/'), 'package.json');
    return existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).version : packageJson.devDependencies[name];
  };
  const peers = Object.keys(packageJson.peerDependencies ?? {}).map((name) => `${name}@${installedVersion(name)}`);
  run(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', tarball, ...peers], {
    cwd: project,
    capture: true,
  });

  const outputs = [];
  let failed = false;
  for (const script of ['esm-smoke.mjs', 'cjs-smoke.cjs']) {
    const result = spawnSync(process.execPath, [script], { cwd: project, env: childEnv, encoding: 'utf8' });
    outputs.push(`${result.stdout}${result.stderr}`.trimEnd());
    if (result.status !== 0) failed = true;
  }
  console.log(outputs.join('\n'));
  if (failed) throw new Error('smoke scripts reported failures (see above)');
  const files = readdirSync(path.join(project, 'node_modules', ...packageName.split('/'), 'dist'), { recursive: true });
  return `${path.basename(tarball)} installed with ${peers.join(', ')}; ${files.length} entries under dist/`;
}

/**
 * The tarball alone, as `npm install @ring/video-conductor` leaves it: the CLI must not load an
 * optional peer (the MCP SDK, pg, PGlite, the AWS SDK, sharp, ai, the Runway SDK) before a command needs it,
 * and a command that needs a missing one exits 2 with one line naming the install.
 */
function noPeersSmokeTest() {
  const { temp, tarball } = packTarball();
  const project = path.join(temp, 'no-peers');
  mkdirSync(project, { recursive: true });
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'video-conductor-no-peers', private: true, version: '0.0.0' }, null, 2));
  run(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', '--omit=peer', '--loglevel=error', tarball], {
    cwd: project,
    capture: true,
  });
  const peers = Object.keys(packageJson.peerDependencies ?? {}).filter((name) => existsSync(path.join(project, 'node_modules', ...name.split('/'))));
  if (peers.length > 0) throw new Error(`optional peers were installed anyway: ${peers.join(', ')}`);

  // Nothing from this machine may choose a real service.
  const env = Object.fromEntries(Object.entries(childEnv).filter(([name]) => !/^(DATABASE_URL|XAI_|RUNWAYML_|VIDEO_CONDUCTOR_|AWS_|RING_MCP_|PG[A-Z]*$)/.test(name)));
  const cli = (args, extraEnv = {}) =>
    spawnSync(path.join(project, 'node_modules', '.bin', 'video-conductor'), args, { cwd: project, env: { ...env, NO_COLOR: '1', ...extraEnv }, encoding: 'utf8', timeout: 120_000 });
  const problems = [];
  const notes = [];
  const expect = (args, allowInstallLine, extraEnv) => {
    const result = cli(args, extraEnv);
    const stderr = (result.stderr ?? '').trim();
    const line = `video-conductor ${args.join(' ')}`;
    if (result.status === 0) return void notes.push(`${line}: 0`);
    const installLine = /^error: .* npm install (?:@?[\w./-]+ ?)+$/.test(stderr) && !stderr.includes('\n');
    if (allowInstallLine && result.status === 2 && installLine) return void notes.push(`${line}: 2 (${stderr.replace(/^.*: (npm install .*)$/, '$1')})`);
    problems.push(`${line} exited ${result.status ?? result.signal}${allowInstallLine ? ' (expected 0, or 2 with one "npm install …" line)' : ' (expected 0)'}:\n${stderr}`);
  };
  expect(['--help'], false);
  expect(['estimate', 'x'], false);
  expect(['generate', 'x', '--provider', 'local'], true);
  expect(['mcp'], true);
  expect(['estimate', 'x', '--provider', 'runway'], false);
  expect(['generate', 'x', '--provider', 'runway'], true, { RUNWAYML_API_SECRET: 'key_smoke-not-used' });
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return notes.join('; ');
}

try {
  const built = skipBuild ? true : await step('build (npm run build)', () => void run(npm, ['run', 'build']));
  if (built) {
    await step('dist files and externals', checkDist);
    await step('publint --strict', () => void run(bin('publint'), ['--strict']));
    await step('attw --pack . --profile node16', () => void run(bin('attw'), ['--pack', '.', '--profile', 'node16']));
    await step('smoke test of the packed tarball (ESM + CJS)', smokeTest);
    await step('smoke test of the CLI without optional peers', noPeersSmokeTest);
  }
} finally {
  removeTempDirs();
}

console.log('\n── check:package report');
for (const { name, ok, ms, detail } of results) {
  const first = String(detail ?? '').split('\n')[0];
  console.log(`${ok ? 'ok  ' : 'FAIL'}  ${name}  (${(ms / 1000).toFixed(1)} s)${first ? `  — ${first}` : ''}`);
}
const failures = results.filter((result) => !result.ok).length;
console.log(failures === 0 ? 'check:package passed' : `check:package failed: ${failures} step(s)`);
process.exitCode = failures === 0 ? 0 : 1;
