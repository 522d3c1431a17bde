import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as Zod from 'zod';

let zod: typeof Zod | undefined;

/**
 * zod, loaded the first time a request or presets are validated instead of when the package
 * is imported: zod is most of what importing the core would cost (about 60 ms of CPU), and
 * an application that imports the package to start a server pays it only once a job comes.
 *
 * From ESM it is the same copy `import 'zod'` gives (Node ≥ 22.12 loads an ES module with
 * `require`), so adapters and applications that import zod do not load a second one; from
 * the CommonJS build (where `import.meta.resolve` does not exist) it is `require('zod')`, the
 * copy CommonJS callers get.
 */
export function loadZod(): typeof Zod {
  if (zod === undefined) {
    const require = createRequire(import.meta.url);
    const resolve = (import.meta as { resolve?: (specifier: string) => string }).resolve;
    zod = require(typeof resolve === 'function' ? fileURLToPath(resolve('zod')) : 'zod') as typeof Zod;
  }
  return zod;
}
