import { isModuleNotFound } from '@ring/video-conductor/provider-kit';
import { InvalidRequestError } from '@ring/video-conductor';

/** The official SDK's module, as `import('@runwayml/sdk')` gives it. */
export type RunwaySdkModule = typeof import('@runwayml/sdk');

let loading: Promise<RunwaySdkModule> | undefined;

/**
 * Imports `@runwayml/sdk` (an optional peer) on first use, once per process. Importing
 * `@ring/video-conductor/runway` therefore never fails when the SDK is missing; the first
 * call does, with an `InvalidRequestError` code `MISSING_PEER_DEPENDENCY` that names the
 * install. A failed load is retried by the next call.
 */
export function loadRunwaySdk(): Promise<RunwaySdkModule> {
  loading ??= import('@runwayml/sdk').catch((error: unknown) => {
    loading = undefined;
    throw isModuleNotFound(error) ? missingSdkError(error) : error;
  });
  return loading;
}

/** The error of a call made without `@runwayml/sdk` installed. */
export function missingSdkError(cause?: unknown): InvalidRequestError {
  return new InvalidRequestError(
    'The Runway provider needs the optional package @runwayml/sdk, which could not be loaded: npm install @runwayml/sdk',
    { field: 'provider', code: 'MISSING_PEER_DEPENDENCY', provider: 'runway', ...(cause === undefined ? {} : { cause }) },
  );
}
