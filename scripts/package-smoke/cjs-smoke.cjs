'use strict';
/**
 * CommonJS smoke test of the installed tarball (run by scripts/check-package.mjs in a temp
 * project): every subpath requires, errors cross subpaths, and CJS holds one copy of core.
 */
const Module = require('node:module');
const path = require('node:path');
const { isDeepStrictEqual } = require('node:util');
const { packageName, subpathsOf, provokeAdapterError, compareSharedExports, createReport, describeError } = require('./smoke-common.cjs');

const vitestRefusesRequire = /Vitest cannot be imported in a CommonJS module/;

/**
 * vitest 5 throws when `require`d, so `require('.../contract')` stops at its
 * `require('vitest')`. That is vitest's rule, not a packaging fault: prove the rest of
 * our `.cjs` file loads by serving a stub for vitest from the require cache.
 */
function requireWithVitestStub(specifier) {
  const vitestPath = require.resolve('vitest', { paths: [path.dirname(require.resolve(specifier))] });
  const stub = new Module(vitestPath);
  stub.filename = vitestPath;
  stub.loaded = true;
  stub.exports = new Proxy({}, { get: (_target, key) => (key === '__esModule' ? true : () => undefined) });
  require.cache[vitestPath] = stub;
  try {
    return require(specifier);
  } finally {
    delete require.cache[vitestPath];
  }
}

async function main() {
  const report = createReport('CJS (require)');
  const packageJson = require(`${packageName}/package.json`);
  const modules = {};
  for (const { subpath, specifier, json } of subpathsOf(packageJson)) {
    modules[subpath] = await report.attempt(`require ${specifier}`, () => {
      let module;
      try {
        module = require(specifier);
      } catch (error) {
        if (!vitestRefusesRequire.test(String(error && error.message))) throw error;
        module = requireWithVitestStub(specifier);
        report.warn(`${specifier}: vitest refuses require(); loaded with a vitest stub (use import in tests)`);
      }
      if (json ? typeof module !== 'object' || module === null : Object.keys(module).length === 0) {
        throw new Error(json ? 'not a JSON object' : 'no exports');
      }
      return module;
    });
  }
  report.check('package.json subpath is our package.json', modules['./package.json']?.name === packageName);

  const core = modules['.'];
  const testing = modules['./testing'];
  const presetsJson = modules['./presets/video-presets.json'];
  if (core && presetsJson) {
    report.check(
      'getDefaultVideoPresets() (bundled JSON) matches ./presets/video-presets.json',
      isDeepStrictEqual(core.getDefaultVideoPresets().qualityModes, presetsJson.qualityModes),
    );
  }

  if (core && testing) {
    const { shared, different } = compareSharedExports(core, testing);
    if (shared.length > 0) {
      report.check(
        `one copy of core: /testing re-exports of core are the same objects (${shared.join(', ')})`,
        different.length === 0,
        `different objects: ${different.join(', ')}`,
      );
    }
    const provoked = await provokeAdapterError(testing);
    if (provoked.error) {
      const { error } = provoked;
      report.pass(`/testing threw via ${provoked.how}: ${describeError(error)}`);
      report.check('VideoConductorError.isInstance(error from /testing)', core.VideoConductorError.isInstance(error), describeError(error));
      report.check(
        'one copy of core: error from /testing instanceof VideoConductorError from "."',
        error instanceof core.VideoConductorError,
        "the adapter's require of @ring/video-conductor resolved to another module instance (core inlined or duplicated?)",
      );
      const subclass = core[error.name];
      report.check(
        `${error.name}.isInstance and instanceof agree for the /testing error`,
        typeof subclass === 'function' && subclass.isInstance(error) && error instanceof subclass,
      );
    } else {
      report.warn(`one copy of core NOT proven: /testing threw nothing (${provoked.how}); isInstance checked on an error built by core`);
      const error = new core.LedgerError('smoke', { ledger: 'smoke' });
      report.check('VideoConductorError.isInstance(LedgerError from core)', core.VideoConductorError.isInstance(error));
    }

    // The ES module copy of the package, loaded next to this CommonJS copy.
    const esmCore = await report.attempt(`import ${packageName} (from CJS)`, () => import(packageName));
    const esmTesting = await report.attempt(`import ${packageName}/testing (from CJS)`, () => import(`${packageName}/testing`));
    if (esmCore && esmTesting) {
      report.check('ESM and CJS are separate copies of core', esmCore.VideoConductorError !== core.VideoConductorError);
      const esmError = (await provokeAdapterError(esmTesting)).error ?? new esmCore.LedgerError('smoke', { ledger: 'smoke' });
      report.check(
        'across formats: CJS VideoConductorError.isInstance(ESM error) is true',
        core.VideoConductorError.isInstance(esmError),
      );
      report.check(
        'across formats: ESM error instanceof CJS VideoConductorError is false (why isInstance exists)',
        !(esmError instanceof core.VideoConductorError),
      );
      const subclass = core[esmError.name];
      report.check(
        `across formats: CJS ${esmError.name}.isInstance(ESM error)`,
        typeof subclass === 'function' && subclass.isInstance(esmError),
      );
    }
  }

  report.finish();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
