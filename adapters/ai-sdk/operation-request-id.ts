import { InvalidRequestError } from '@ring/video-conductor';
import type { JSONValue } from './ai-sdk-types.js';

/**
 * Prefix of every request id the bridge issues (version 1 of the encoding).
 * @example
 * ```ts
 * requestId.startsWith(operationRequestIdPrefix); // true for the bridge's ids
 * ```
 */
export const operationRequestIdPrefix = 'aisdk1.';

/**
 * Turns the AI SDK's opaque `operation` (any JSON value, e.g. `{ requestId }` for xAI or a
 * prediction URL for Replicate) into the bridge's request id: `aisdk1.` followed by the
 * base64url of its JSON. The id holds everything `doStatus` needs, so a fresh bridge over the
 * same model — in another process, after a crash — resumes the job from the ledger row alone.
 *
 * @example
 * ```ts
 * encodeOperationRequestId({ requestId: 'd974' }); // 'aisdk1.eyJyZXF1ZXN0SWQiOiJkOTc0In0'
 * ```
 */
export function encodeOperationRequestId(operation: JSONValue): string {
  const json = JSON.stringify(operation);
  if (json === undefined) throw new TypeError('The AI SDK operation is not JSON-serialisable');
  return operationRequestIdPrefix + Buffer.from(json, 'utf8').toString('base64url');
}

/**
 * Restores the `operation` from a request id made by {@link encodeOperationRequestId}.
 *
 * @throws InvalidRequestError (field `requestId`, code `INVALID_REQUEST_ID`) for an id the
 *   bridge did not issue.
 * @example
 * ```ts
 * decodeOperationRequestId('aisdk1.eyJyZXF1ZXN0SWQiOiJkOTc0In0'); // { requestId: 'd974' }
 * ```
 */
export function decodeOperationRequestId(requestId: string, provider?: string): JSONValue {
  const invalid = (detail: string, cause?: unknown) =>
    new InvalidRequestError(`requestId is not a request id issued by the AI SDK bridge: ${detail}`, {
      field: 'requestId',
      code: 'INVALID_REQUEST_ID',
      cause,
      ...(provider === undefined ? {} : { provider }),
    });
  if (typeof requestId !== 'string' || !requestId.startsWith(operationRequestIdPrefix)) {
    throw invalid(`it does not start with "${operationRequestIdPrefix}"`);
  }
  const encoded = requestId.slice(operationRequestIdPrefix.length);
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) throw invalid('its payload is not base64url');
  try {
    return JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as JSONValue;
  } catch (error) {
    throw invalid('its payload is not JSON', error);
  }
}
