/**
 * A JSON path as people write it: `['clips', 2, 'durationSec']` → `clips[2].durationSec`,
 * `[]` → `` (the document itself).
 */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let result = '';
  for (const segment of path) {
    if (typeof segment === 'number') result += `[${segment}]`;
    else result += result === '' ? String(segment) : `.${String(segment)}`;
  }
  return result;
}
