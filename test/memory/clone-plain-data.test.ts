import { describe, expect, it } from 'vitest';
import { clonePlainData } from '../../src/internal/clone-plain-data.js';

describe('clonePlainData (the MemoryLedger copy)', () => {
  it('copies JSON-like data deeply, equal to what structuredClone makes and sharing nothing', () => {
    const record = {
      id: 'a',
      status: 'succeeded',
      sizeBytes: 12,
      sha256: null,
      audit: { clipId: 'intro', tags: ['x', { deep: [1, 2, { deeper: true }] }] },
      metadata: { nested: { list: [null, 0, '', false] } },
      missing: undefined,
    };
    const copy = clonePlainData(record);
    expect(copy).toStrictEqual(structuredClone(record));
    expect(copy).not.toBe(record);
    expect(copy.audit).not.toBe(record.audit);
    expect(copy.audit.tags[1]).not.toBe(record.audit.tags[1]);
    (copy.audit.tags[1] as { deep: unknown[] }).deep.push(4);
    expect((record.audit.tags[1] as { deep: unknown[] }).deep).toHaveLength(3);
  });

  it('keeps an own "__proto__" key as data instead of changing the prototype', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const copy = clonePlainData(parsed);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'a']);
    expect((copy as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ polluted: true });
  });

  it('hands anything else to structuredClone: a Date stays a Date, a function or a symbol throws', () => {
    const when = new Date('2026-01-01T00:00:00Z');
    const copy = clonePlainData({ when, bytes: new Uint8Array([1, 2]) });
    expect(copy.when).toBeInstanceOf(Date);
    expect(copy.when).not.toBe(when);
    expect(copy.when.getTime()).toBe(when.getTime());
    expect(copy.bytes).toEqual(new Uint8Array([1, 2]));
    expect(() => clonePlainData({ callback: () => 1 })).toThrow();
    expect(() => clonePlainData({ list: [Symbol('s')] })).toThrow();
  });
});
