import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { VideoConductorError } from '@ring/video-conductor';

/**
 * The API key every fault scenario runs with. The fake xAI server echoes it (and the
 * `Authorization` header) in its error bodies, so any path that copies upstream text
 * unredacted would carry it somewhere a caller can see.
 */
export const canaryKey = `xai-canary-KEY-DO-NOT-LEAK-${randomBytes(8).toString('hex')}`;

/** The part of the key no legitimate output contains (survives partial redaction or truncation). */
const canaryMarker = 'KEY-DO-NOT-LEAK';

/** Every way a caller or a logger could look at a value, down its whole `cause` chain. */
export function renderings(value: unknown): string[] {
  const views: string[] = [];
  const safeJson = (input: unknown) => {
    try {
      return JSON.stringify(input) ?? '';
    } catch (error) {
      return `(JSON.stringify threw ${String(error)})`;
    }
  };
  views.push(String(value), safeJson(value), inspect(value, { depth: 20, showHidden: true, getters: true }));
  if (VideoConductorError.isInstance(value)) views.push(safeJson(value.toJSON()));
  let cause: unknown = value;
  for (let depth = 0; depth < 10 && cause !== undefined && cause !== null; depth++) {
    views.push(String(cause), safeJson(cause), inspect(cause, { depth: 20, showHidden: true, getters: true }));
    if (cause instanceof Error) views.push(cause.message, cause.stack ?? '', cause.name);
    if (VideoConductorError.isInstance(cause)) views.push(safeJson(cause.toJSON()));
    cause = typeof cause === 'object' ? (cause as { cause?: unknown }).cause : undefined;
  }
  return views;
}

/** Labels of the values in which the canary key (or its marker) shows up. */
export function findCanary(values: Record<string, unknown>): string[] {
  const leaks: string[] = [];
  for (const [label, value] of Object.entries(values)) {
    const views = typeof value === 'string' ? [value] : renderings(value);
    if (views.some((view) => view.includes(canaryKey) || view.includes(canaryMarker))) leaks.push(label);
  }
  return leaks;
}
