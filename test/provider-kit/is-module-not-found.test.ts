import { isModuleNotFound } from '@ring/video-conductor/provider-kit';
import { describe, expect, it } from 'vitest';

describe('isModuleNotFound', () => {
  it('is true for a package that is not installed (ESM import, CommonJS require, bundler wording)', async () => {
    const esm = await import('a-package-that-is-not-installed-anywhere' as string).catch((error: unknown) => error);
    expect(isModuleNotFound(esm)).toBe(true);
    expect(isModuleNotFound(Object.assign(new Error("Cannot find module 'x'"), { code: 'MODULE_NOT_FOUND' }))).toBe(true);
    expect(isModuleNotFound(new Error("Cannot find package 'x' imported from /app/index.js"))).toBe(true);
  });

  it('is false for a package that is there but failed while loading, and for non-errors', () => {
    expect(isModuleNotFound(new SyntaxError('Unexpected token'))).toBe(false);
    expect(isModuleNotFound(Object.assign(new Error('dlopen failed'), { code: 'ERR_DLOPEN_FAILED' }))).toBe(false);
    expect(isModuleNotFound(null)).toBe(false);
    expect(isModuleNotFound('nope')).toBe(false);
  });
});
