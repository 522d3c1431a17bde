/** Dotted field path of a zod issue: `['audit', 'clipId']` → `audit.clipId`, `['clips', 2]` → `clips[2]`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let result = '';
  for (const segment of path) {
    if (typeof segment === 'number') result += `[${segment}]`;
    else result += result === '' ? String(segment) : `.${String(segment)}`;
  }
  return result;
}
