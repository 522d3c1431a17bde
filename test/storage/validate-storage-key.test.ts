import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '@ring/video-conductor';
import { validateStorageKey } from '@ring/video-conductor/provider-kit';

describe('validateStorageKey', () => {
  it.each([
    'a.mp4',
    'videos/2025/06/a.mp4',
    'a b/ü ñ/😀.mp4',
    '..a/b..',
    '.hidden/x',
    'a/...',
    'x'.repeat(1024),
  ])('accepts %j', (key) => {
    expect(() => validateStorageKey(key, 'test')).not.toThrow();
  });

  it.each([
    ['', 'non-empty'],
    ['../x', '".." segments'],
    ['a/../../b', '".." segments'],
    ['a/..', '".." segments'],
    ['..', '".." segments'],
    ['/etc/passwd', 'start with "/"'],
    ['a\u0000b', 'control characters'],
    ['a\nb', 'control characters'],
    ['a\u007fb', 'control characters'],
    ['a\\b', 'backslash'],
    ['..\\x', 'backslash'],
    ['a/./b', '"." segments'],
    ['a//b', 'empty segments'],
    ['a/', 'empty segments'],
    ['x'.repeat(1025), '1024 bytes'],
    ['é'.repeat(513), '1024 bytes'],
  ])('rejects %j (%s) with InvalidRequestError on field "key"', (key, reason) => {
    let thrown: unknown;
    try {
      validateStorageKey(key, 'fs');
    } catch (error) {
      thrown = error;
    }
    expect(InvalidRequestError.isInstance(thrown)).toBe(true);
    const error = thrown as InvalidRequestError;
    expect(error.field).toBe('key');
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.isRetryable).toBe(false);
    expect(error.message).toContain(reason);
    expect(error.message).toContain('fs storage');
    // The key is shown JSON-escaped, so a NUL or newline cannot corrupt logs.
    expect(error.message).not.toMatch(/[\u0000\n]/);
  });

  it('rejects values that are not strings', () => {
    expect(() => validateStorageKey(undefined as unknown as string, 'fs')).toThrow(/non-empty string/);
    expect(() => validateStorageKey(42 as unknown as string, 'fs')).toThrow(/non-empty string/);
  });
});
