/**
 * Whether a failed `import()` / `require()` means the package is not installed (Node's
 * `ERR_MODULE_NOT_FOUND` / `MODULE_NOT_FOUND`, or a bundler's "Cannot find module/package"),
 * as opposed to a package that is there but failed while loading. Adapters that load an
 * optional peer on first use turn the first into `MISSING_PEER_DEPENDENCY` naming the install.
 *
 * @example
 * ```ts
 * try {
 *   await import('@runwayml/sdk');
 * } catch (error) {
 *   if (isModuleNotFound(error)) console.error('npm install @runwayml/sdk');
 * }
 * ```
 */
export function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find (?:module|package)/.test(String((error as Error)?.message));
}
