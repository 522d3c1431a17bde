'use strict';
/**
 * Shared by the ESM and CJS smoke scripts that `scripts/check-package.mjs` runs inside a
 * throwaway project where the packed tarball is installed. CommonJS so that both the
 * `.mjs` and the `.cjs` script can load it.
 */

const packageName = '@ring/video-conductor';

/** The subpaths of package.json `exports`, with the specifier to load each by. */
function subpathsOf(packageJson) {
  return Object.keys(packageJson.exports).map((subpath) => ({
    subpath,
    specifier: subpath === '.' ? packageName : packageName + subpath.slice(1),
    json: subpath.endsWith('.json'),
  }));
}

/**
 * Makes the `/testing` adapters throw one of the package's errors, so the error is built
 * by the copy of core that the adapter's own `import '@ring/video-conductor'` resolved to.
 * Returns `{ error, how }`, or `null` when `/testing` exposes none of the known calls.
 */
async function provokeAdapterError(testing) {
  const attempts = [];
  const storage = instantiate(testing, ['MemoryStorage'], ['createMemoryStorage']);
  if (storage) {
    attempts.push({
      how: `${storage.label}.put('../x') rejects`,
      run: () => storage.value.put('../x', new Uint8Array([1]), { contentType: 'video/mp4', contentLength: 1 }),
    });
  }
  const ledger = instantiate(testing, ['MemoryLedger'], ['createMemoryLedger']);
  if (ledger) {
    attempts.push({
      how: `${ledger.label}.update(<unknown id>) rejects`,
      run: () => ledger.value.update('00000000-0000-4000-8000-000000000000', { status: 'failed' }),
    });
  }
  const tried = [];
  for (const attempt of attempts) {
    try {
      await attempt.run();
      tried.push(`${attempt.how}: resolved instead`);
    } catch (error) {
      return { error, how: attempt.how };
    }
  }
  return { error: null, how: tried.length > 0 ? tried.join('; ') : 'no MemoryStorage/MemoryLedger in /testing' };
}

function instantiate(module, classNames, factoryNames) {
  for (const name of classNames) {
    if (typeof module[name] !== 'function') continue;
    for (const args of [[], [{}]]) {
      try {
        return { value: new module[name](...args), label: `new ${name}()` };
      } catch {
        // try the next argument list
      }
    }
  }
  for (const name of factoryNames) {
    if (typeof module[name] !== 'function') continue;
    for (const args of [[], [{}]]) {
      try {
        return { value: module[name](...args), label: `${name}()` };
      } catch {
        // try the next argument list
      }
    }
  }
  return null;
}

/** Collects check results and prints a compact report; exit code 1 on any failure. */
function createReport(title) {
  const lines = [];
  let failures = 0;
  return {
    pass(name) {
      lines.push(`  ok    ${name}`);
    },
    fail(name, detail) {
      failures += 1;
      lines.push(`  FAIL  ${name}${detail ? `\n        ${String(detail).replace(/\n/g, '\n        ')}` : ''}`);
    },
    warn(name) {
      lines.push(`  warn  ${name}`);
    },
    check(name, condition, detail) {
      if (condition) this.pass(name);
      else this.fail(name, detail);
    },
    async attempt(name, run) {
      try {
        const value = await run();
        this.pass(name);
        return value;
      } catch (error) {
        this.fail(name, error && error.stack ? error.stack.split('\n').slice(0, 3).join('\n') : String(error));
        return undefined;
      }
    },
    finish() {
      console.log(`${title}: ${failures === 0 ? 'all checks passed' : `${failures} failed`}`);
      console.log(lines.join('\n'));
      process.exitCode = failures === 0 ? 0 : 1;
    },
  };
}

/** Names `module` exports under the same name as core, and those whose value is another object. */
function compareSharedExports(core, module) {
  const shared = Object.keys(module).filter((name) => name !== 'default' && name in core);
  return { shared, different: shared.filter((name) => module[name] !== core[name]) };
}

function describeError(error) {
  if (error === null || typeof error !== 'object') return String(error);
  return `${error.name}(${error.code ?? 'no code'}): ${error.message}`;
}

module.exports = { packageName, subpathsOf, provokeAdapterError, compareSharedExports, createReport, describeError };
