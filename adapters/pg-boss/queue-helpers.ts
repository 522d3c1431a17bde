import { createHash } from 'node:crypto';
import { InvalidRequestError, VideoConductorError, type Ledger, type VideoRecord, type VideoStatus } from '@ring/video-conductor';
import type { VideoJobData, VideoJobOutput } from './video-job-data.js';

export const terminalStatuses: readonly VideoStatus[] = ['succeeded', 'moderated', 'failed', 'expired', 'cancelled'];
export const sweptStatuses: readonly VideoStatus[] = ['queued', 'pending', 'submitted', 'generating', 'persisting', 'timed_out', 'persist_failed'];
export const liveJobStates = new Set(['created', 'retry', 'active']);

/**
 * The `singletonKey` of a job: the idempotency key itself when pg-boss accepts it (letters,
 * digits, `_ . - /`, at most 200 characters), else `k.<sha256 hex>` of it.
 * @example
 * ```ts
 * singletonKeyOf('clip-1'); // 'clip-1'
 * ```
 */
export function singletonKeyOf(idempotencyKey: string): string {
  if (/^[\w.\-/]{1,200}$/.test(idempotencyKey)) return idempotencyKey;
  return `k.${createHash('sha256').update(idempotencyKey).digest('hex')}`;
}

/** The job data of the deliveries after the submit: they poll. */
export function polling(data: VideoJobData): VideoJobData {
  const { submit: _submit, ...rest } = data;
  return rest;
}

/** Thrown inside the enqueue transaction to roll the row back when its key already has a live job. */
export class KeyAlreadyQueued extends Error {}

/** A ledger that can run statements in one transaction with others (the Postgres ledger). */
export interface TransactionalLedger extends Ledger {
  transaction<T>(work: (scope: { ledger: Ledger; db: { query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }> } }) => Promise<T>): Promise<T>;
}

export function isTransactional(ledger: Ledger): ledger is TransactionalLedger {
  return typeof (ledger as Partial<TransactionalLedger>).transaction === 'function';
}

export function ended(recordId: string | null, status: string, error: unknown, row?: VideoRecord): VideoJobOutput {
  const fromRow = row?.error;
  const code = fromRow?.code ?? (VideoConductorError.isInstance(error) ? error.code : 'UNEXPECTED_ERROR');
  const message = fromRow?.message ?? String((error as Error)?.message ?? error);
  return { recordId, status, error: { code, message } };
}

export function positive(value: number, field: string): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new InvalidRequestError(`Invalid video queue option: ${field} must be a positive number, got ${value}`, { field });
  }
  return value;
}

export function whole(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new InvalidRequestError(`Invalid video queue option: ${field} must be a whole number ≥ 0, got ${value}`, { field });
  }
  return value;
}
