import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';

/** A service token that must never come out of the server: not in a body, header, log line or error. */
export const canaryToken = `mcp-canary-TOKEN-DO-NOT-LEAK-${randomBytes(8).toString('hex')}`;

/** The part of the canary no legitimate output contains (survives truncation). */
const canaryMarker = 'TOKEN-DO-NOT-LEAK';

/** Labels of the values in which the canary (or its marker) shows up, however they are rendered. */
export function findCanary(values: Record<string, unknown>): string[] {
  return Object.entries(values)
    .filter(([, value]) => {
      const views =
        typeof value === 'string'
          ? [value]
          : [String(value), safeJson(value), inspect(value, { depth: 20, showHidden: true, getters: true }), value instanceof Error ? (value.stack ?? '') : ''];
      return views.some((view) => view.includes(canaryToken) || view.includes(canaryMarker));
    })
    .map(([label]) => label);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch (error) {
    return `(JSON.stringify threw ${String(error)})`;
  }
}
