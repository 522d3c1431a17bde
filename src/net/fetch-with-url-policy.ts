import { checkUrlPolicy, defaultMaxRedirects, urlPolicyRefusal, type UrlPolicyOptions } from './url-policy.js';

/** The redirect statuses {@link fetchWithUrlPolicy} follows by hand. */
const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/**
 * A `GET` through a URL policy ({@link UrlPolicyOptions}): the URL is checked, fetched with
 * `redirect: 'manual'`, and each redirect's target is checked again before it is requested
 * (at most `maxRedirects`, default 5). Nothing is sent to a refused hop, and refusals never
 * quote what any hop answered.
 *
 * @param fetchImplementation The `fetch` to send with (injected in tests).
 * @throws VideoConductorError `URL_REFUSED` when a hop is refused or there are too many
 *   redirects; whatever `fetchImplementation` throws otherwise.
 * @example
 * ```ts
 * import { fetchWithUrlPolicy } from '@ring/video-conductor';
 *
 * const response = await fetchWithUrlPolicy('https://cdn.example.com/frame.png', { signal }, { allowedHosts: ['cdn.example.com'] });
 * ```
 */
export async function fetchWithUrlPolicy(
  url: string,
  init: { signal?: AbortSignal | undefined; headers?: Record<string, string> } = {},
  policy: UrlPolicyOptions = {},
  fetchImplementation: typeof globalThis.fetch = (input, requestInit) => globalThis.fetch(input, requestInit),
): Promise<Response> {
  const maxRedirects = policy.maxRedirects ?? defaultMaxRedirects;
  let current = url;
  for (let hop = 0; ; hop++) {
    await checkUrlPolicy(current, policy);
    init.signal?.throwIfAborted();
    const response = await fetchImplementation(current, { ...init, method: 'GET', redirect: 'manual' });
    if (!redirectStatuses.has(response.status)) return response;
    await response.body?.cancel().catch(() => {});
    const location = response.headers.get('location');
    if (location === null) throw urlPolicyRefusal(current, 'a redirect without a Location header');
    if (hop >= maxRedirects) throw urlPolicyRefusal(current, `more than ${maxRedirects} redirects`);
    try {
      current = new URL(location, current).href;
    } catch {
      throw urlPolicyRefusal(current, 'a redirect to an invalid URL');
    }
  }
}
