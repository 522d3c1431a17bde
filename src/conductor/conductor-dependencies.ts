import { randomUUID } from 'node:crypto';
import { systemClock, systemSleep } from '../clock.js';
import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { MemoryLedger } from '../ledger/memory-ledger.js';
import { fetchWithUrlPolicy } from '../net/fetch-with-url-policy.js';
import { getDefaultVideoPresets } from '../presets/video-presets.js';
import type { ConductorDependencies } from './job-context.js';
import { defaultDownloadTimeoutMs, defaultMaxVideoBytes, type VideoConductorOptions } from './video-conductor.js';

/** The options with their defaults applied: what every phase of the conductor works with. */
export function conductorDependencies(options: VideoConductorOptions): ConductorDependencies {
  const clock = options.clock ?? systemClock;
  return {
    provider: options.provider,
    imageProvider: options.imageProvider,
    storage: options.storage,
    thumbnailRenderer: options.thumbnailRenderer,
    ledger: options.ledger ?? new MemoryLedger({ clock }),
    presets: options.presets ?? getDefaultVideoPresets(),
    fetch: policedFetch(options),
    clock,
    sleep: options.sleep ?? systemSleep,
    random: options.random ?? Math.random,
    generateId: options.generateId ?? randomUUID,
    intervalMs: options.polling?.intervalMs ?? 5000,
    jitter: options.polling?.jitter ?? 0.2,
    timeoutMs: options.polling?.timeoutMs ?? 600_000,
    keyPrefix: options.keyPrefix ?? 'videos/',
    persistRetries: options.persistRetries ?? 2,
    pendingGraceMs: options.pendingGraceMs ?? 60_000,
    budget: options.budget,
    downloadStallTimeoutMs: options.downloadStallTimeoutMs ?? 60_000,
    downloadTimeoutMs: positive(options.downloadTimeoutMs, 'downloadTimeoutMs') ?? defaultDownloadTimeoutMs,
    maxVideoBytes: positive(options.maxVideoBytes, 'maxVideoBytes') ?? defaultMaxVideoBytes,
    heartbeatMs: options.heartbeatMs ?? 30_000,
  };
}

/**
 * The conductor's downloads go through its URL policy: each hop is checked before the
 * injected (or global) `fetch` sends anything to it.
 */
function policedFetch(options: VideoConductorOptions): typeof globalThis.fetch {
  const base = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const policy = options.urlPolicy ?? {};
  return (input, init) =>
    fetchWithUrlPolicy(input instanceof Request ? input.url : String(input), { signal: init?.signal ?? undefined }, policy, base);
}

/** A positive number option, or `undefined` when unset. */
function positive(value: number | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (!(typeof value === 'number' && value > 0)) {
    throw new InvalidRequestError(`${field} must be a positive number, got ${String(value)}`, { field });
  }
  return value;
}

