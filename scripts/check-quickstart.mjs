#!/usr/bin/env node
/**
 * `npm run check:quickstart` — the README's quick start, run as a package user would run it.
 *
 * 1. `npm pack` the package as it is built now (it builds nothing: run `npm run build` first,
 *    as .ci/run does);
 * 2. in an empty temporary folder, run the README's blocks marked `quickstart`, top to bottom:
 *    ` ```sh quickstart ` blocks line by line through the shell, ` ```js quickstart file=NAME `
 *    blocks written to NAME. The README's `npm i @ring/video-conductor …` line runs with the
 *    tarball in place of the package name and nothing else changed;
 * 3. every command must exit 0; every command that makes a video (`video-conductor generate`,
 *    `node <file>`) must leave one more MP4 under `.video-conductor/media/videos`, starting
 *    with an `ftyp` box, whose sha256 the command printed.
 *
 * The environment is a clean user's: no DATABASE_URL, XAI_API_KEY, AWS_* or VIDEO_CONDUCTOR_*
 * variables. Exits 1 with the README line of the failing command.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMarkdownBlocks } from './markdown-blocks.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readme = path.join(root, 'README.md');
const packageName = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).name;
const started = performance.now();

const userEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([name]) => !/^(DATABASE_URL|XAI_|AWS_|VIDEO_CONDUCTOR_|RING_MCP_|npm_)/.test(name),
  ),
);

const temp = mkdtempSync(path.join(tmpdir(), 'video-conductor-quickstart-'));
const cleanup = () => rmSync(temp, { recursive: true, force: true });
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => (cleanup(), process.exit(130)));

function fail(message) {
  console.error(`✖ check:quickstart: ${message}`);
  cleanup();
  process.exit(1);
}

function run(command, cwd, where) {
  const result = spawnSync(command, { cwd, env: userEnv, shell: '/bin/sh', encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 5 * 60_000 });
  if (result.error) fail(`${where}: ${command}: ${result.error.message}`);
  if (result.status !== 0) {
    fail(`${where}: \`${command}\` exited with ${result.status ?? result.signal}\n${result.stdout}${result.stderr}`.trimEnd());
  }
  return `${result.stdout}${result.stderr}`;
}

if (!existsSync(path.join(root, 'dist/index.js'))) fail('no dist/: run `npm run build` first');

const blocks = readMarkdownBlocks(readme).filter((block) => block.words.includes('quickstart'));
if (!blocks.some((block) => block.lang === 'sh') || !blocks.some((block) => block.attributes.file !== undefined)) {
  fail('README.md has no ```sh quickstart block or no ```js quickstart file=NAME block');
}

const packDir = path.join(temp, 'pack');
const app = path.join(temp, 'app');
mkdirSync(packDir);
mkdirSync(app);
run(`npm pack --silent --pack-destination "${packDir}"`, root, 'npm pack');
const tarball = path.join(packDir, readdirSync(packDir).find((name) => name.endsWith('.tgz')));

const videosDir = path.join(app, '.video-conductor/media/videos');
const videos = () => (existsSync(videosDir) ? readdirSync(videosDir).filter((name) => name.endsWith('.mp4')).sort() : []);

let installed = false;
let commands = 0;
for (const block of blocks) {
  const where = `README.md:${block.line}`;
  if (block.attributes.file !== undefined) {
    writeFileSync(path.join(app, block.attributes.file), block.code);
    console.log(`── ${where}: wrote ${block.attributes.file}`);
    continue;
  }
  if (block.lang !== 'sh') fail(`${where}: a quickstart block is \`sh\` or has file=NAME, got \`${block.lang}\``);
  for (const line of block.code.split('\n')) {
    const command = line.trim();
    if (command === '' || command.startsWith('#')) continue;
    let toRun = command;
    if (/^npm (i|install) /.test(command)) {
      const words = command.split(/\s+/);
      if (!words.includes(packageName)) fail(`${where}: the install line does not install ${packageName}: ${command}`);
      toRun = words.map((word) => (word === packageName ? JSON.stringify(tarball) : word)).join(' ');
      installed = true;
    } else if (!installed) {
      fail(`${where}: \`${command}\` comes before the README's \`npm i ${packageName} …\` line`);
    }
    const before = videos();
    const lineStarted = performance.now();
    const output = run(`${toRun} </dev/null`, app, where);
    commands++;
    console.log(`── ${where}: ${command}  (${((performance.now() - lineStarted) / 1000).toFixed(1)} s)`);
    if (/\bvideo-conductor generate\b|^node /.test(command)) {
      const added = videos().filter((name) => !before.includes(name));
      if (added.length !== 1) fail(`${where}: \`${command}\` should store one new MP4 in ${videosDir}, found ${added.length}\n${output}`);
      const bytes = readFileSync(path.join(videosDir, added[0]));
      if (bytes.subarray(4, 8).toString('latin1') !== 'ftyp') fail(`${where}: ${added[0]} is not an MP4 (no ftyp box)`);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      if (!output.includes(sha256)) fail(`${where}: \`${command}\` did not print the stored file's sha256 ${sha256}\n${output}`);
      console.log(`   stored ${added[0]} (${bytes.length} bytes, sha256 ${sha256.slice(0, 12)}…)`);
    }
  }
}
if (!installed) fail(`README.md has no quickstart \`npm i ${packageName} …\` line`);

cleanup();
console.log(`✔ check:quickstart: ${commands} README commands ran in a fresh folder in ${((performance.now() - started) / 1000).toFixed(1)} s`);
