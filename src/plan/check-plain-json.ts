import { isWellFormed } from '../internal/is-well-formed.js';

/** Longest `metadata` accepted, in bytes of its UTF-8 JSON. */
export const maxMetadataBytes = 16 * 1024;

/** Deepest nesting of `metadata` accepted: the metadata object itself is level 1. */
export const maxMetadataDepth = 8;

/** One problem of a value that should be plain JSON: where (path segments) and what. */
export interface PlainJsonIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Checks that `value` is plain JSON data — `null`, booleans, finite numbers, strings without
 * NUL, arrays and plain objects (prototype `Object.prototype` or `null`) with string keys and
 * no accessors — nested at most `maxDepth` levels, without cycles. A ledger stores it as
 * jsonb as it is, so anything JSON cannot hold exactly (BigInt, functions, symbols, `Date`,
 * `Map`, `NaN`) is refused rather than silently changed. Returns the problems, first found first.
 */
export function checkPlainJson(value: unknown, options: { maxDepth: number; name: string }): PlainJsonIssue[] {
  const issues: PlainJsonIssue[] = [];
  const onPath = new Set<object>();
  const describe = (path: (string | number)[]) =>
    path.reduce<string>((text, segment) => (typeof segment === 'number' ? `${text}[${segment}]` : `${text}.${segment}`), options.name);

  const visit = (current: unknown, path: (string | number)[], depth: number): void => {
    if (issues.length >= 10) return;
    const at = describe(path);
    switch (typeof current) {
      case 'string':
        if (current.includes('\u0000')) issues.push({ path, message: `${at} must not contain NUL characters` });
        else if (!isWellFormed(current)) issues.push({ path, message: `${at} must be well-formed Unicode (it holds a lone surrogate)` });
        return;
      case 'boolean':
        return;
      case 'number':
        if (!Number.isFinite(current)) issues.push({ path, message: `${at} must be a finite number (JSON has no NaN or Infinity)` });
        return;
      case 'bigint':
      case 'function':
      case 'symbol':
      case 'undefined':
        issues.push({ path, message: `${at} is a ${typeof current}; metadata holds plain JSON values only (string, number, boolean, null, array, object)` });
        return;
    }
    if (current === null) return;
    const object = current as object;
    if (depth > options.maxDepth) {
      issues.push({ path, message: `${at} is nested too deeply; metadata may be at most ${options.maxDepth} levels deep` });
      return;
    }
    if (onPath.has(object)) {
      issues.push({ path, message: `${at} refers back to itself (a cycle); metadata must be a tree of plain JSON values` });
      return;
    }
    const isArray = Array.isArray(object);
    const prototype = Object.getPrototypeOf(object);
    if (!isArray && prototype !== Object.prototype && prototype !== null) {
      issues.push({ path, message: `${at} is a ${prototype?.constructor?.name ?? 'class'} instance; metadata holds plain objects and arrays only` });
      return;
    }
    onPath.add(object);
    for (const key of Reflect.ownKeys(object)) {
      if (isArray && key === 'length') continue;
      if (typeof key === 'symbol') {
        issues.push({ path, message: `${at} has a symbol key; metadata keys are strings` });
        continue;
      }
      const descriptor = Object.getOwnPropertyDescriptor(object, key)!;
      const segment = isArray ? Number(key) : key;
      if (!isArray && (key.includes('\u0000') || !isWellFormed(key))) {
        issues.push({ path, message: `${at} has a key with a NUL character or a lone surrogate` });
        continue;
      }
      if (descriptor.get !== undefined || descriptor.set !== undefined) {
        issues.push({ path: [...path, segment], message: `${describe([...path, segment])} is an accessor (getter/setter); metadata holds plain values only` });
        continue;
      }
      if (!descriptor.enumerable) continue;
      visit(descriptor.value, [...path, segment], depth + 1);
    }
    if (isArray && (object as unknown[]).length !== Object.keys(object).length) {
      issues.push({ path, message: `${at} is a sparse array; JSON would turn its holes into null` });
    }
    onPath.delete(object);
  };

  visit(value, [], 1);
  return issues;
}
