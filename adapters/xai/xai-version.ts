/**
 * The package version sent in the `User-Agent` header. Hard-coded (rather than imported from
 * `package.json`) so the bundle does not inline the whole manifest;
 * `test/xai/xai-version.test.ts` fails when it drifts from `package.json`.
 */
export const packageVersion = '0.1.0';

/**
 * The `User-Agent` every xAI request carries, so xAI (and proxies) can tell SDK traffic apart.
 *
 * @example
 * ```ts
 * xaiUserAgent; // 'ring-video-conductor/0.1.0 (xai)'
 * ```
 */
export const xaiUserAgent = `ring-video-conductor/${packageVersion} (xai)`;
