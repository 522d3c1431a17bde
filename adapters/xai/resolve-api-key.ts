import { InvalidRequestError } from '@ring/video-conductor';

/**
 * Returns a function that yields the API key: `explicit` when given, else
 * `process.env.XAI_API_KEY` read at the first call (never at import or construction, so
 * creating a provider has no side effect). A found key is remembered; a missing one is
 * looked up again next time. Rejects with `InvalidRequestError` field `apiKey`, code
 * `MISSING_API_KEY`, naming both the option and the variable.
 */
export function createApiKeyResolver(explicit: string | undefined): () => string {
  let cached = explicit !== undefined && explicit !== '' ? explicit : undefined;
  return () => {
    if (cached !== undefined) return cached;
    const fromEnv = globalThis.process?.env?.XAI_API_KEY;
    if (fromEnv !== undefined && fromEnv !== '') {
      cached = fromEnv;
      return cached;
    }
    throw new InvalidRequestError(
      'The xAI API key is missing: pass the `apiKey` option to createXai() or set the XAI_API_KEY environment variable.',
      { field: 'apiKey', code: 'MISSING_API_KEY', provider: 'xai' },
    );
  };
}
