import { LedgerError } from '@ring/video-conductor';

/** Ledger id of the Postgres adapter, in every record-independent error and in `Ledger.id`. */
export const postgresLedgerId = 'postgres';

/**
 * Socket-level error codes (Node `net`/`dns`) after which the same statement may succeed:
 * the server was unreachable or the connection dropped.
 */
const retryableNetworkCodes: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  // postgres.js connection errors.
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

/**
 * SQLSTATEs after which the same statement may succeed: the server is shutting down or
 * starting (57P01–57P03), too many connections (53300), and the transaction-level
 * conflicts Postgres asks clients to retry (40001 serialization failure, 40P01 deadlock).
 * Every class-08 code (connection exception) is retryable too.
 */
const retryableSqlStates: ReadonlySet<string> = new Set(['57P01', '57P02', '57P03', '53300', '40001', '40P01']);

/**
 * Messages of `pg` errors that carry no code but mean the connection was lost or never
 * made (the pool's connect timeout, a server that closed the socket).
 */
const retryableMessagePattern = /Connection terminated|connection timeout|timeout exceeded when trying to connect/i;

/** The parts of a driver error the mapping reads; `pg`, PGlite and postgres.js all have them. */
interface DriverErrorFields {
  code?: unknown;
  constraint?: unknown;
  constraint_name?: unknown;
  message?: unknown;
  errors?: unknown;
}

/** What the failed call was, for the message: `insert into generated_videos failed`. */
export interface FailedOperation {
  /** E.g. `insert into`, `update of`, `select from`, `claimStale on`, `migrate of`. */
  operation: string;
  /** The table as it appears in messages, e.g. `generated_videos` or `media.generated_videos`. */
  tableLabel: string;
  /** The record concerned, kept on the error (never in the message). */
  recordId?: string;
  /** Name of the unique constraint on `idempotency_key`, to recognise its violation. */
  idempotencyConstraint?: string;
}

/**
 * Turns whatever a driver threw into a {@link LedgerError}.
 *
 * - 23505 on the idempotency key constraint → `DUPLICATE_IDEMPOTENCY_KEY`;
 * - connection failures (`ECONNREFUSED`, `ECONNRESET`, SQLSTATE 08xxx, 57P01, …) →
 *   `LEDGER_ERROR`, retryable;
 * - anything else → `LEDGER_ERROR`, not retryable.
 *
 * The message names the operation and table plus the error code (SQLSTATE or socket code)
 * and, for constraint violations, the constraint: never the driver's own message, which can
 * quote parameter values (`invalid input syntax for type uuid: "…"`), and never a
 * connection string. The driver error stays available as `cause`.
 * A `LedgerError` passes through unchanged.
 */
export function toLedgerError(error: unknown, failed: FailedOperation): LedgerError {
  if (LedgerError.isInstance(error)) return error;
  const fields = driverErrorFields(error);
  const code = typeof fields.code === 'string' ? fields.code : undefined;
  const constraint = typeof fields.constraint === 'string' ? fields.constraint : typeof fields.constraint_name === 'string' ? fields.constraint_name : undefined;
  const prefix = `${failed.operation} ${failed.tableLabel} failed`;
  const base = { ledger: postgresLedgerId, cause: error, ...(failed.recordId === undefined ? {} : { recordId: failed.recordId }) };

  if (code === '23505' && failed.idempotencyConstraint !== undefined && isConstraint(fields, constraint, failed.idempotencyConstraint)) {
    return new LedgerError(`${prefix}: the idempotency key is already used by another record`, {
      ...base,
      code: 'DUPLICATE_IDEMPOTENCY_KEY',
    });
  }
  const retryable = isRetryable(code, fields);
  const details: string[] = [];
  if (code !== undefined && /^[0-9A-Z]{5}$/.test(code)) details.push(`SQLSTATE ${code}`);
  else if (code !== undefined && /^[A-Z_0-9]+$/.test(code)) details.push(code);
  if (constraint !== undefined && /^[A-Za-z0-9_$]+$/.test(constraint)) details.push(`constraint ${constraint}`);
  if (details.length === 0 && retryable) details.push('connection lost');
  const reason = retryable ? 'the database could not be reached; retry later' : undefined;
  const message = `${prefix}${details.length > 0 ? ` (${details.join(', ')})` : ''}${reason === undefined ? '' : `: ${reason}`}`;
  return new LedgerError(message, { ...base, isRetryable: retryable });
}

function driverErrorFields(error: unknown): DriverErrorFields {
  if (typeof error !== 'object' || error === null) return {};
  const fields = error as DriverErrorFields;
  // Node reports a refused connection to a host with several addresses (localhost → ::1 and
  // 127.0.0.1) as an AggregateError; its code may be missing, the inner errors carry it.
  if (fields.code === undefined && Array.isArray(fields.errors)) {
    const inner = fields.errors.find((item): item is DriverErrorFields => typeof item === 'object' && item !== null && typeof (item as DriverErrorFields).code === 'string');
    if (inner !== undefined) return { ...fields, code: inner.code };
  }
  return fields;
}

function isConstraint(fields: DriverErrorFields, constraint: string | undefined, expected: string): boolean {
  if (constraint !== undefined) return constraint === expected;
  // A driver that does not report the constraint: its message names it in quotes.
  return typeof fields.message === 'string' && fields.message.includes(`"${expected}"`);
}

function isRetryable(code: string | undefined, fields: DriverErrorFields): boolean {
  if (code !== undefined) {
    if (retryableNetworkCodes.has(code) || retryableSqlStates.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
    return false;
  }
  return typeof fields.message === 'string' && retryableMessagePattern.test(fields.message);
}
