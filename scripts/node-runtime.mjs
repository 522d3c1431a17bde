#!/usr/bin/env node
// Runs a command on Node >= 22.12 whatever Node started this script.
//
//   node scripts/node-runtime.mjs <command> [args...]   run <command> on a recent Node
//   node scripts/node-runtime.mjs --bin-dir             print the directory to put first on PATH
//
// Every npm script of this repository goes through it, and so does .ci/run. When the `node`
// that runs it is recent enough, it runs the command as it is: nothing is installed. When it
// is older (a machine whose system Node is 20), it uses Node 24 from a per-user cache,
// installing it there once from the npm registry (the `node` package, ~6 s, ~190 MB), and puts
// it first on the command's PATH, so `#!/usr/bin/env node` tools (vitest, tsup, tsx) and the
// child processes they start run on it. When that cannot work it fails at once, in one line.
//
// Written for any Node >= 18, with no dependency: it runs before `npm install` has.
//
// Environment:
//   VIDEO_CONDUCTOR_NODE_HOME       where Node 24 is cached
//                                   (default: $XDG_CACHE_HOME or ~/.cache, then ring-video-conductor/node-24)
//   VIDEO_CONDUCTOR_NODE_BOOTSTRAP  `0` never installs: an old Node fails with the one line
//   VIDEO_CONDUCTOR_NODE_MINIMUM    the minimum version (default 22.12.0), for this script's tests
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

const minimum = parseVersion(process.env.VIDEO_CONDUCTOR_NODE_MINIMUM || '22.12.0');
const major = 24;
const isWindows = process.platform === 'win32';

function parseVersion(text) {
  const [maj = 0, min = 0, patch = 0] = String(text).replace(/^v/, '').split('.').map((part) => Number.parseInt(part, 10) || 0);
  return [maj, min, patch];
}

function isRecent(version) {
  const found = parseVersion(version);
  for (let index = 0; index < 3; index++) {
    if (found[index] !== minimum[index]) return found[index] > minimum[index];
  }
  return true;
}

function fail(message) {
  process.stderr.write(`node-runtime: ${message}\n`);
  process.exit(1);
}

function cacheHome() {
  if (process.env.VIDEO_CONDUCTOR_NODE_HOME) return process.env.VIDEO_CONDUCTOR_NODE_HOME;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'ring-video-conductor', `node-${major}`);
}

/** The version printed by `<binary> -v`, or undefined when it does not run. */
function versionOf(binary) {
  if (!existsSync(binary)) return undefined;
  const result = spawnSync(binary, ['-v'], { encoding: 'utf8', timeout: 10_000 });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function binDirOf(home) {
  return join(home, 'node_modules', '.bin');
}

function nodeBinary(home) {
  return join(binDirOf(home), isWindows ? 'node.cmd' : 'node');
}

/** How npm is run: the npm that launched this npm script, or `npm` on PATH. */
function npmCommand() {
  const cli = process.env.npm_execpath;
  if (cli && /\.c?js$/.test(cli) && existsSync(cli)) return [process.execPath, [cli]];
  return [isWindows ? 'npm.cmd' : 'npm', []];
}

function registryUrl() {
  const fromEnv = process.env.npm_config_registry || process.env.NPM_CONFIG_REGISTRY;
  if (fromEnv) return fromEnv;
  const [command, prefix] = npmCommand();
  const result = spawnSync(command, [...prefix, 'config', 'get', 'registry'], { encoding: 'utf8', timeout: 10_000, shell: isWindows });
  const value = result.status === 0 ? result.stdout.trim() : '';
  return value || 'https://registry.npmjs.org/';
}

/** Fails within about a second when the registry cannot be reached, instead of npm's minutes of retries. */
async function checkRegistry(registry, found) {
  const url = new URL(`node/${major}`, registry.endsWith('/') ? registry : `${registry}/`);
  try {
    const response = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(1500) });
    if (response.status >= 500) throw new Error(`HTTP ${response.status}`);
  } catch (error) {
    const reason = error?.cause?.code || error?.name || error?.message || String(error);
    fail(
      `node ${found} is older than ${minimum.join('.')} and Node ${major} could not be fetched from ${url.origin} (${reason}); install Node >= ${minimum.join('.')} (e.g. \`nvm install ${major}\`) and run again`,
    );
  }
}

/** The bin directory of a recent Node: the cached one, installed now if needed. */
async function ensureRecentNode() {
  const found = process.version;
  const home = cacheHome();
  const cached = versionOf(nodeBinary(home));
  if (cached !== undefined && isRecent(cached)) return binDirOf(home);
  if (process.env.VIDEO_CONDUCTOR_NODE_BOOTSTRAP === '0') {
    fail(`node ${found} is older than ${minimum.join('.')}; install Node >= ${minimum.join('.')} (e.g. \`nvm install ${major}\`), or unset VIDEO_CONDUCTOR_NODE_BOOTSTRAP to let this script fetch Node ${major}`);
  }
  await checkRegistry(registryUrl(), found);
  process.stderr.write(`node-runtime: node ${found} is older than ${minimum.join('.')}; installing Node ${major} from the npm registry into ${home} (once)\n`);
  mkdirSync(dirname(home), { recursive: true });
  // Installed beside its final place and renamed into it, so two runs at once cannot leave half an install.
  const staging = mkdtempSync(`${home}.staging-`);
  const [command, prefix] = npmCommand();
  const install = spawnSync(
    command,
    [...prefix, 'install', '--prefix', staging, '--no-audit', '--no-fund', '--no-save', '--loglevel=error', '--fetch-retries=1', `node@${major}`],
    { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', shell: isWindows },
  );
  const installed = install.status === 0 ? versionOf(nodeBinary(staging)) : undefined;
  if (installed === undefined || !isRecent(installed)) {
    rmSync(staging, { recursive: true, force: true });
    const detail = (install.stderr || '').trim().split('\n').filter(Boolean).pop() || `exit ${install.status}`;
    fail(`node ${found} is older than ${minimum.join('.')} and installing Node ${major} failed (${detail}); install Node >= ${minimum.join('.')} and run again`);
  }
  rmSync(home, { recursive: true, force: true });
  try {
    renameSync(staging, home);
  } catch {
    // Another run finished first: its install is as good as ours.
    rmSync(staging, { recursive: true, force: true });
  }
  return binDirOf(home);
}

async function main() {
  const args = process.argv.slice(2);
  if (args.length === 0) fail('usage: node scripts/node-runtime.mjs <command> [args...] | --bin-dir');
  const binDir = isRecent(process.version) ? undefined : await ensureRecentNode();

  if (args[0] === '--bin-dir') {
    process.stdout.write(`${binDir ?? dirname(process.execPath)}\n`);
    return;
  }
  const env = binDir === undefined ? process.env : { ...process.env, PATH: `${binDir}${delimiter}${process.env.PATH ?? ''}` };
  const child = spawn(args[0], args.slice(1), { stdio: 'inherit', env, shell: isWindows });
  const forwarded = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const forward = (signal) => child.kill(signal);
  for (const signal of forwarded) process.on(signal, forward);
  child.on('error', (error) => fail(`could not run ${args[0]}: ${error.message}`));
  child.on('exit', (code, signal) => {
    if (signal === null) process.exit(code ?? 1);
    // Die of the same signal, as a shell would report it.
    for (const name of forwarded) process.off(name, forward);
    process.kill(process.pid, signal);
  });
}

await main();
