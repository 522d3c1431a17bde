import { BudgetExceededError, GenerationTimeoutError, InvalidRequestError, ModerationError, VideoConductorError } from '@ring/video-conductor';
import { cliExitCodes } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';
import type { Output } from './output.js';

/** What {@link reportError} knows about the command that failed. */
export interface ErrorContext {
  /** The command, for the `--help` hint. */
  command?: string;
  /** The flag that sets a request field (`durationSec` → `--duration`), so messages name what the user typed. */
  flagOf?: (field: string) => string | undefined;
  /** The run was interrupted (Ctrl-C). */
  interrupted?: boolean;
}

/** The exit code an error ends the CLI with (see `cliExitCodes`). */
export function exitCodeOf(error: unknown, interrupted = false): number {
  if (interrupted) return cliExitCodes.interrupted;
  // A budget refusal happens before anything is spent: like bad input, nothing to retry as is.
  if (error instanceof UsageError || InvalidRequestError.isInstance(error) || BudgetExceededError.isInstance(error)) return cliExitCodes.badInput;
  if (ModerationError.isInstance(error)) return cliExitCodes.moderated;
  return cliExitCodes.failed;
}

/** The error as JSON for `--json`: name, code, message and the fields that help (never secrets: errors carry none). */
export function errorToJson(error: unknown, flag?: string): Record<string, unknown> {
  if (VideoConductorError.isInstance(error)) {
    const json = error.toJSON();
    delete json.cause;
    return flag === undefined ? json : { ...json, flag };
  }
  if (error instanceof UsageError) {
    return { name: error.name, code: 'USAGE', message: error.message, ...(error.flag === undefined ? {} : { flag: error.flag }) };
  }
  const base = error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };
  return { ...base, code: 'UNEXPECTED_ERROR' };
}

/**
 * Prints an error the way the user needs it (the flag or manifest path at fault, the record
 * to resume) and returns the exit code. With `--json` it is the JSON document
 * `{ ok: false, exitCode, error }`.
 */
export function reportError(output: Output, error: unknown, context: ErrorContext = {}): number {
  const exitCode = exitCodeOf(error, context.interrupted);
  const field = InvalidRequestError.isInstance(error) ? error.field : undefined;
  const flag = field === undefined || field === '' ? undefined : context.flagOf?.(field);
  output.document({ ok: false, exitCode, error: errorToJson(error, flag) });

  if (context.interrupted) {
    output.error('interrupted: jobs already submitted keep running at the provider; `video-conductor resume <recordId>` (or rerunning the campaign) continues them without paying again');
    return exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  output.error(`error: ${flag === undefined ? '' : `${flag}: `}${message}`);
  if (error instanceof UsageError) {
    output.error(`Run "video-conductor ${error.command === undefined ? '' : `${error.command} `}--help" for usage.`);
  } else if (GenerationTimeoutError.isInstance(error)) {
    output.error(`The job keeps running at the provider: video-conductor resume ${error.recordId}`);
  } else if (VideoConductorError.isInstance(error)) {
    const recordId = (error as { recordId?: unknown }).recordId;
    if (typeof recordId === 'string') output.error(`record: ${recordId} (video-conductor status ${recordId})`);
    if (error.code === 'LEDGER_ERROR' && /42P01/.test(message)) {
      output.error('The ledger table does not exist yet: run `video-conductor migrate` against this database first.');
    }
  } else if (!(error instanceof Error)) {
    // Nothing more to say.
  } else if (error.stack !== undefined && context.command !== undefined) {
    output.error('This is unexpected; please report it with the command you ran.');
  }
  return exitCode;
}
