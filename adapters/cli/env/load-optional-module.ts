import { isModuleNotFound } from '@ring/video-conductor/provider-kit';
import { InvalidRequestError } from '@ring/video-conductor';

/**
 * The optional peers, each loaded by a literal `import()` so bundlers and tsup see the names
 * (and keep them external) while nothing is loaded before it is needed.
 */
const loaders: Record<string, () => Promise<unknown>> = {
  pg: () => import('pg'),
  '@electric-sql/pglite': () => import('@electric-sql/pglite'),
  '@aws-sdk/client-s3': () => import('@aws-sdk/client-s3'),
  '@ring/video-conductor/s3': () => import('@ring/video-conductor/s3'),
  '@ring/video-conductor/mcp': () => import('@ring/video-conductor/mcp'),
  'pg-boss': () => import('pg-boss'),
  '@ring/video-conductor/pg-boss': () => import('@ring/video-conductor/pg-boss'),
  '@runwayml/sdk': () => import('@runwayml/sdk'),
};

/** Loads a module by name with the default loaders. */
export const defaultImportModule = (specifier: string): Promise<unknown> => {
  const loader = loaders[specifier];
  return loader === undefined ? import(specifier) : loader();
};

/** Why a peer is needed, for the error message. */
export interface OptionalModuleNeed {
  /** The variable (or option) that asked for it, e.g. `DATABASE_URL`. */
  field: string;
  /** What needs it, e.g. `the Postgres ledger (DATABASE_URL is set)`. */
  purpose: string;
  /** Every package to install for it. */
  packages: readonly string[];
}

/**
 * Imports an optional peer. When it (or a module it needs) is not installed, throws an
 * `InvalidRequestError` (code `MISSING_PEER_DEPENDENCY`, field = the variable that asked
 * for it) that names the packages to install.
 */
export async function loadOptionalModule<T>(
  importModule: (specifier: string) => Promise<unknown>,
  specifier: string,
  need: OptionalModuleNeed,
): Promise<T> {
  try {
    return (await importModule(specifier)) as T;
  } catch (error) {
    if (!isModuleNotFound(error)) throw error;
    throw new InvalidRequestError(
      `${need.purpose} needs the optional package${need.packages.length > 1 ? 's' : ''} ${need.packages.join(', ')}, which could not be loaded: npm install ${need.packages.join(' ')}`,
      { field: need.field, code: 'MISSING_PEER_DEPENDENCY', cause: error },
    );
  }
}
