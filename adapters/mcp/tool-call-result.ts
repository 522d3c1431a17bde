import { InvalidRequestError, VideoConductorError, type RequestIssue } from '@ring/video-conductor';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** The `structuredContent.error` of a failed video tool call. Plain JSON: no stack, no cause, no secret. */
export interface VideoToolError {
  /** Stable code: `INVALID_REQUEST`, `RECORD_NOT_FOUND`, `ABORTED`, `UNEXPECTED_ERROR` or the conductor's code. */
  code: string;
  /** A sentence for the agent. */
  message: string;
  /** Whether the same call may succeed when repeated. */
  retryable: boolean;
  /** The offending field (`INVALID_REQUEST`), as a dotted path. */
  field?: string;
  /** Every problem found in the request (`INVALID_REQUEST`). */
  issues?: RequestIssue[];
  /** The ledger record of the job, when one was written: `ring-video-status` tells where it stands. */
  recordId?: string;
}

/** What the tool knew when the call failed. */
export interface ToolFailureContext {
  /** The record written for the job, when the call got that far. */
  recordId?: string;
  /** The request's idempotency key: repeating the call with it continues the job instead of paying again. */
  idempotencyKey?: string;
  /** The call's abort signal. */
  signal?: AbortSignal;
}

/** A successful tool answer: the value as JSON text (for any client) and as `structuredContent`. */
export function jsonToolResult(value: object): CallToolResult {
  return {
    content: [{ type: 'text', text: JSON.stringify(value, null, 2) }],
    structuredContent: value as Record<string, unknown>,
  };
}

/**
 * A tool error (`isError: true`) for a failed call: the code, the field of an invalid request
 * and the record id, never a stack. Messages of the SDK's own errors are written to be shown
 * (adapters redact keys); anything else is reported only as `UNEXPECTED_ERROR`, since its
 * message was not written for a caller.
 */
export function toolErrorResult(error: unknown, context: ToolFailureContext = {}): CallToolResult {
  const described = describeError(error, context);
  const lines = [`${described.code}: ${described.message}`];
  if (described.field !== undefined && described.field !== '') lines.push(`Field: ${described.field}`);
  for (const issue of described.issues?.slice(1) ?? []) lines.push(`Also: ${issue.field === '' ? '' : `${issue.field}: `}${issue.message}`);
  if (described.recordId !== undefined) lines.push(`Record: ${described.recordId} (ring-video-status shows where the job stands)`);
  return {
    isError: true,
    content: [{ type: 'text', text: lines.join('\n') }],
    structuredContent: { error: described },
  };
}

function describeError(error: unknown, context: ToolFailureContext): VideoToolError {
  const recordId = context.recordId ?? recordIdOf(error);
  const withRecord = (described: VideoToolError): VideoToolError => (recordId === undefined ? described : { ...described, recordId });

  if (context.signal?.aborted === true) {
    return withRecord({
      code: 'ABORTED',
      message:
        recordId === undefined
          ? 'The call was cancelled before the job was written.'
          : 'The call was cancelled. A job the provider already accepted keeps its ledger record and can be continued.',
      retryable: true,
    });
  }
  if (InvalidRequestError.isInstance(error)) {
    return withRecord({ code: error.code, message: error.message, retryable: false, field: error.field, issues: error.issues });
  }
  if (VideoConductorError.isInstance(error)) {
    const resumeHint =
      context.idempotencyKey !== undefined && recordId !== undefined && (error.isRetryable || error.code === 'GENERATION_TIMEOUT')
        ? ' Calling ring-video-create again with the same idempotencyKey continues this job without paying again.'
        : '';
    return withRecord({ code: error.code, message: `${error.message}${resumeHint}`, retryable: error.isRetryable });
  }
  return withRecord({ code: 'UNEXPECTED_ERROR', message: 'The video tool failed unexpectedly.', retryable: false });
}

function recordIdOf(error: unknown): string | undefined {
  const value = (error as { recordId?: unknown } | null | undefined)?.recordId;
  return typeof value === 'string' && value !== '' ? value : undefined;
}
