import type { Sleep } from '@ring/video-conductor';
import type { SetupServer } from 'msw/node';
import { useMswWire, type WireRequest } from '../support/msw-wire.js';

/** The default base URL, as the adapter builds it. */
export const apiBase = 'https://api.x.ai/v1';
/** A key that must never show up in anything a caller can see. */
export const canaryKey = 'xai-canary-KEY-DO-NOT-LEAK-1234567890';

/** One request as it reached the wire. */
export type SeenRequest = WireRequest;

/**
 * Starts an msw server for the test file and records every request that reaches it, in
 * order; an unhandled request fails the test (see `useMswWire`).
 */
export function useXaiMockServer(): { server: SetupServer; seen: () => Promise<SeenRequest[]> } {
  const { server, wire } = useMswWire();
  return { server, seen: wire };
}

/** A sleep on fake time: records each wait and returns at once (unless aborted). */
export function fakeSleep(): { sleep: Sleep; waits: number[]; total: () => number } {
  const waits: number[] = [];
  const sleep: Sleep = async (ms, signal) => {
    signal?.throwIfAborted();
    waits.push(ms);
  };
  return { sleep, waits, total: () => waits.reduce((sum, ms) => sum + ms, 0) };
}

/** A sleep that never ends until its signal aborts (then rejects with the reason). */
export function neverEndingSleep(onSleep?: (ms: number) => void): Sleep {
  return (ms, signal) =>
    new Promise<void>((_resolve, reject) => {
      onSleep?.(ms);
      if (signal?.aborted) return reject(signal.reason);
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
}

/** Resolves with the rejection of `promise` (fails when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}
