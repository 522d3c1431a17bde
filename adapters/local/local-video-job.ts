import { localVideoFixtures, type LocalVideoFixtureName } from './local-video-fixture.js';

/** How a local job ends. */
export type LocalVideoOutcome = 'done' | 'moderated' | 'failed' | 'expired';

const outcomes: readonly LocalVideoOutcome[] = ['done', 'moderated', 'failed', 'expired'];

/**
 * The prompt markers that choose a local job's outcome (case-insensitive, anywhere in the
 * prompt): `[local:moderated]`, `[local:failed]`, `[local:expired]`. Without one the job
 * ends `done`.
 */
const markerPattern = /\[local:(moderated|failed|expired)\]/i;

/**
 * The outcome a prompt asks the local providers for, from its marker; `done` without one.
 *
 * @example
 * ```ts
 * localOutcomeOf('A fox [local:moderated]'); // 'moderated'
 * localOutcomeOf('A fox'); // 'done'
 * ```
 */
export function localOutcomeOf(prompt: string): LocalVideoOutcome {
  const marker = markerPattern.exec(prompt)?.[1]?.toLowerCase();
  return marker === undefined ? 'done' : (marker as LocalVideoOutcome);
}

/** What a local request id says about its job. */
export interface LocalVideoJob {
  requestId: string;
  outcome: LocalVideoOutcome;
  fixture: LocalVideoFixtureName;
}

const requestIdPattern = /^local-(done|moderated|failed|expired)-(landscape|portrait|square)-([0-9a-f-]{36})$/;

/**
 * A request id that carries the whole job (`local-<outcome>-<fixture>-<uuid>`), so any
 * process — a restarted CLI resuming a campaign — can answer for it without shared state.
 */
export function localRequestId(outcome: LocalVideoOutcome, fixture: LocalVideoFixtureName): string {
  return `local-${outcome}-${fixture}-${globalThis.crypto.randomUUID()}`;
}

/** Reads a local request id; `undefined` when it is not one. */
export function parseLocalRequestId(requestId: string): LocalVideoJob | undefined {
  const match = requestIdPattern.exec(requestId);
  if (match === null) return undefined;
  const outcome = match[1] as LocalVideoOutcome;
  const fixture = match[2] as LocalVideoFixtureName;
  if (!outcomes.includes(outcome) || !(fixture in localVideoFixtures)) return undefined;
  return { requestId, outcome, fixture };
}

/** Path of a finished job's video on the local server. */
export function localVideoPath(requestId: string): string {
  return `/videos/${requestId}.mp4`;
}

/** The request id in a local video path, or `undefined`. */
export function requestIdOfLocalVideoPath(pathname: string): string | undefined {
  const match = /^\/videos\/([^/]+)\.mp4$/.exec(pathname);
  return match?.[1] !== undefined && parseLocalRequestId(match[1]) !== undefined ? match[1] : undefined;
}
