/** An HTTP error answer as the recorder kept it. */
export interface RecordedErrorResponse {
  /** HTTP status, e.g. `422`. */
  status: number;
  /** The body as text, at most `maxBodyChars` characters. */
  body: string;
}

/**
 * Keeps the body of the last HTTP error answer per URL, for the bridge to read when an AI SDK
 * model reduced that answer to a sentence. See {@link createErrorBodyRecorder}.
 */
export interface ErrorBodyRecorder {
  /** Pass it as the AI SDK provider's `fetch` (`createFal({ fetch: recorder.fetch })`). */
  readonly fetch: typeof globalThis.fetch;
  /**
   * The last error answer of `url` (compared without its query), removed from the recorder.
   * `undefined` when that URL answered no error since the last `take`.
   */
  take(url: string): RecordedErrorResponse | undefined;
}

/** Options of {@link createErrorBodyRecorder}. */
export interface ErrorBodyRecorderOptions {
  /** The fetch that does the work. @default globalThis.fetch, looked up at call time */
  fetch?: typeof globalThis.fetch;
  /** URLs remembered at once; the oldest is forgotten first. @default 256 */
  maxEntries?: number;
  /** Characters of a body kept. @default 65536 */
  maxBodyChars?: number;
}

/**
 * A `fetch` for an AI SDK provider that remembers the bodies of HTTP error answers.
 *
 * Why: `@ai-sdk/fal` (3.0.41) turns every failed read of a job's result into
 * `{ status: 'error', error: <sentence> }`. For fal's structured errors — `422` with
 * `{ "detail": [{ "type": "content_policy_violation", … }] }` — the sentence is only the
 * HTTP status text ("Unprocessable Entity"), so moderation cannot be told from a rejected
 * input. With this fetch under the provider, the bridge reads the body it needs (the `type`)
 * and reports `moderated`. Nothing else changes: requests and answers pass through untouched.
 *
 * Only answers with status ≥ 400 are kept (text, truncated), in memory, keyed by URL without
 * its query string; nothing is logged.
 *
 * @example
 * ```ts
 * import { createFal } from '@ai-sdk/fal';
 * import { createErrorBodyRecorder, fromAiSdkVideoModel } from '@ring/video-conductor/ai-sdk';
 *
 * const errorBodies = createErrorBodyRecorder();
 * const fal = createFal({ apiKey: process.env.FAL_KEY, fetch: errorBodies.fetch });
 * const provider = fromAiSdkVideoModel(fal.video('luma-dream-machine/ray-2-flash'), { errorBodies });
 * ```
 */
export function createErrorBodyRecorder(options: ErrorBodyRecorderOptions = {}): ErrorBodyRecorder {
  const maxEntries = Math.max(1, Math.floor(options.maxEntries ?? 256));
  const maxBodyChars = Math.max(0, Math.floor(options.maxBodyChars ?? 65_536));
  const entries = new Map<string, RecordedErrorResponse>();

  const recordingFetch = async (input: Parameters<typeof globalThis.fetch>[0], init?: RequestInit): Promise<Response> => {
    const response = await (options.fetch ?? globalThis.fetch)(input, init);
    if (response.status >= 400) {
      const url = keyOf(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      let body = '';
      try {
        body = (await response.clone().text()).slice(0, maxBodyChars);
      } catch {
        // An unreadable body is recorded empty: the status alone still helps.
      }
      entries.delete(url);
      entries.set(url, { status: response.status, body });
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    }
    return response;
  };

  return {
    fetch: recordingFetch as typeof globalThis.fetch,
    take(url) {
      const key = keyOf(url);
      const entry = entries.get(key);
      entries.delete(key);
      return entry;
    },
  };
}

function keyOf(url: string): string {
  const queryAt = url.search(/[?#]/);
  return queryAt === -1 ? url : url.slice(0, queryAt);
}
