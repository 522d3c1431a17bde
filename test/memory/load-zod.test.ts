import { describe, expect, it } from 'vitest';
import { loadZod } from '../../src/internal/load-zod.js';

describe('loadZod (zod, loaded on the first validation)', () => {
  it('returns zod, once: the same module on every call', () => {
    const first = loadZod();
    expect(first.z.string().safeParse('x').success).toBe(true);
    expect(first.z.string().safeParse(1).success).toBe(false);
    expect(loadZod()).toBe(first);
  });
});
