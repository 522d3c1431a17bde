/**
 * The package version `video-conductor --version` prints. Hard-coded (rather than imported
 * from `package.json`) so the bundle does not inline the manifest; `test/cli/cli-version.test.ts`
 * fails when it drifts from `package.json`.
 *
 * @example
 * ```ts
 * cliVersion; // '0.1.0'
 * ```
 */
export const cliVersion = '0.1.0';
