/**
 * ESM smoke test of the installed tarball (run by scripts/check-package.mjs in a temp
 * project): every subpath imports, errors cross subpaths, and ESM holds one copy of core.
 */
import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import common from './smoke-common.cjs';

const { packageName, subpathsOf, provokeAdapterError, compareSharedExports, createReport, describeError } = common;
const require = createRequire(import.meta.url);
const report = createReport('ESM (import)');

const packageJson = (await import(`${packageName}/package.json`, { with: { type: 'json' } })).default;
const modules = {};
for (const { subpath, specifier, json } of subpathsOf(packageJson)) {
  modules[subpath] = await report.attempt(`import ${specifier}`, async () => {
    if (json) {
      const value = (await import(specifier, { with: { type: 'json' } })).default;
      if (typeof value !== 'object' || value === null) throw new Error('not a JSON object');
      return value;
    }
    const module = await import(specifier);
    if (Object.keys(module).length === 0) throw new Error('no exports');
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
      'the adapter\'s import of @ring/video-conductor resolved to another module instance (core inlined or duplicated?)',
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

  // The CommonJS copy of the package, loaded next to this ES module copy.
  const cjsCore = await report.attempt(`require ${packageName} (from ESM)`, () => require(packageName));
  const cjsTesting = await report.attempt(`require ${packageName}/testing (from ESM)`, () => require(`${packageName}/testing`));
  if (cjsCore && cjsTesting) {
    report.check('ESM and CJS are separate copies of core', cjsCore.VideoConductorError !== core.VideoConductorError);
    const cjsError = (await provokeAdapterError(cjsTesting)).error ?? new cjsCore.LedgerError('smoke', { ledger: 'smoke' });
    report.check(
      'across formats: ESM VideoConductorError.isInstance(CJS error) is true',
      core.VideoConductorError.isInstance(cjsError),
    );
    report.check(
      'across formats: CJS error instanceof ESM VideoConductorError is false (why isInstance exists)',
      !(cjsError instanceof core.VideoConductorError),
    );
    const subclass = core[cjsError.name];
    report.check(
      `across formats: ESM ${cjsError.name}.isInstance(CJS error)`,
      typeof subclass === 'function' && subclass.isInstance(cjsError),
    );
  }
}

report.finish();
