import { setTimeout as delay } from 'node:timers/promises';
import {
  LedgerError,
  StorageError,
  type Ledger,
  type NewVideoRecord,
  type Storage,
  type VideoRecordPatch,
  type VideoStatus,
} from '@ring/video-conductor';
import type { FaultKind, WireFault } from './fake-xai-server.js';

/** A fault armed on a wrapper: what, and for how many more calls (`Infinity`: until cleared). */
export class FaultSwitch {
  private fault: WireFault | undefined;

  arm(fault: WireFault): void {
    this.fault = { ...fault };
  }

  clear(): void {
    this.fault = undefined;
  }

  /** Uses up one occurrence of the armed fault, if any. */
  take(): FaultKind | undefined {
    if (this.fault === undefined || this.fault.times <= 0) return undefined;
    this.fault.times -= 1;
    return this.fault.kind;
  }
}

/** Milliseconds a `timeout` fault of a wrapper waits before failing (its "deadline"). */
const wrapperTimeoutMs = 30;

const storageFaultMessages: Record<FaultKind, string> = {
  '429': 'failed with 429 (SlowDown): reduce your request rate',
  '500': 'failed with 500 (InternalError)',
  reset: 'failed: network error (ECONNRESET)',
  timeout: `timed out after ${wrapperTimeoutMs} ms`,
};

/**
 * A `Storage` whose `put` of objects matching `keyPattern` fails while a fault is armed,
 * with the error a real adapter (S3) would throw: a retryable `StorageError`. The body is
 * released as an adapter does when an upload breaks (after reading a first chunk for
 * `reset`/`timeout`, so the download really started). Nothing is stored on a fault.
 */
export function faultyStorage(inner: Storage, faults: FaultSwitch, keyPattern = /\.mp4$/): Storage & { puts: () => number } {
  let puts = 0;
  return {
    specificationVersion: 'v1',
    id: inner.id,
    puts: () => puts,
    async put(key, body, meta, options) {
      if (!keyPattern.test(key)) return inner.put(key, body, meta, options);
      puts += 1;
      const fault = faults.take();
      if (fault === undefined) return inner.put(key, body, meta, options);
      if (body instanceof ReadableStream) {
        if (fault === 'reset' || fault === 'timeout') {
          const reader = body.getReader();
          await reader.read();
          if (fault === 'timeout') await delay(wrapperTimeoutMs);
          await reader.cancel(new Error('upload aborted')).catch(() => {});
        } else {
          await body.cancel(new Error('upload refused')).catch(() => {});
        }
      }
      const cause = fault === 'reset' ? Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) : undefined;
      throw new StorageError(`PUT ${key} ${storageFaultMessages[fault]}`, { storage: inner.id, key, isRetryable: true, cause });
    },
    url: (key) => inner.url(key),
    head: (key, options) => inner.head(key, options),
    delete: (key, options) => inner.delete(key, options),
  };
}

/**
 * How each fault reaches a ledger, modelled on what `pg` reports: `429` and `500` are
 * refused before the statement runs (too many connections, server shutting down) and
 * `reset` drops the connection before it runs; `timeout` is the nasty one — the
 * statement **ran and committed**, and its answer was lost.
 */
const ledgerFaults: Record<FaultKind, { detail: string; applied: boolean }> = {
  '429': { detail: '(SQLSTATE 53300: too many connections)', applied: false },
  '500': { detail: '(SQLSTATE 57P01: terminating connection due to administrator command)', applied: false },
  reset: { detail: '(ECONNRESET)', applied: false },
  timeout: { detail: '(Connection terminated: query timeout; the statement may have run)', applied: true },
};

function ledgerFault(ledger: string, operation: string, recordId: string, fault: FaultKind): LedgerError {
  return new LedgerError(`${operation} generated_videos failed ${ledgerFaults[fault].detail}: the database could not be reached; retry later`, {
    ledger,
    recordId,
    isRetryable: true,
  });
}

/** Which ledger writes a {@link faultyLedger} fails. */
export interface LedgerFaultTarget {
  /** Fail `insert`. */
  insert?: FaultSwitch;
  /** Fail `update`s that set `status` to this value. */
  update?: { status: VideoStatus; faults: FaultSwitch };
}

/**
 * A `Ledger` whose targeted writes fail while a fault is armed, with the retryable
 * `LedgerError` the Postgres adapter throws for connection failures. Reads are never failed.
 */
export function faultyLedger(inner: Ledger, target: LedgerFaultTarget): Ledger & { writes: string[] } {
  const writes: string[] = [];
  return {
    specificationVersion: 'v1',
    id: inner.id,
    writes,
    async insert(record: NewVideoRecord) {
      const fault = target.insert?.take();
      writes.push(`insert${fault === undefined ? '' : ` (${fault})`}`);
      if (fault === undefined) return inner.insert(record);
      if (ledgerFaults[fault].applied) {
        await inner.insert(record);
        await delay(wrapperTimeoutMs);
      }
      throw ledgerFault(inner.id, 'insert into', record.id, fault);
    },
    async update(id: string, patch: VideoRecordPatch, options?: { expectStatus?: readonly VideoStatus[] }) {
      const fault = target.update !== undefined && patch.status === target.update.status ? target.update.faults.take() : undefined;
      writes.push(`update →${patch.status ?? '(fields)'}${fault === undefined ? '' : ` (${fault})`}`);
      if (fault === undefined) return inner.update(id, patch, options);
      // A statement that runs (and may itself conflict) before its answer is lost.
      if (ledgerFaults[fault].applied) {
        await inner.update(id, patch, options);
        await delay(wrapperTimeoutMs);
      }
      throw ledgerFault(inner.id, 'update of', id, fault);
    },
    get: (id) => inner.get(id),
    findByIdempotencyKey: (key) => inner.findByIdempotencyKey(key),
    list: (query) => inner.list(query),
    claimStale: (input) => inner.claimStale(input),
  };
}
