import { InvalidRequestError, videoStatuses, type VideoAudit, type VideoRecordQuery, type VideoStatus } from '@ring/video-conductor';

/** The filters of the jobs table, as the query string carries them (all optional). */
export interface JobsFilter {
  /** Statuses, from `status` (repeated or comma separated). */
  status: VideoStatus[];
  /** `audit.pipelineRequestId`. */
  campaign: string;
  /** `audit.actorId`. */
  actor: string;
  /** `audit.clipId`. */
  clip: string;
  provider: string;
  /** Effective quality mode. */
  mode: string;
  /** First UTC day, `YYYY-MM-DD`, inclusive. */
  from: string;
  /** Last UTC day, `YYYY-MM-DD`, inclusive. */
  to: string;
  /** Prompt search: a case-insensitive substring. */
  q: string;
  cursor: string;
  /** Rows per page, 1–200. */
  limit: number;
}

/** Rows per page of the jobs table when `limit` is absent. */
export const defaultJobsPageSize = 50;

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

function invalid(field: string, message: string): InvalidRequestError {
  return new InvalidRequestError(message, { field, code: 'STUDIO_INVALID_FILTER' });
}

function dayOf(field: string, value: string): string {
  if (value === '') return '';
  if (!dayPattern.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw invalid(field, `${field} must be a day written YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * Reads the jobs filters from a query string.
 * @throws InvalidRequestError (code `STUDIO_INVALID_FILTER`, field named) for an unknown status, a malformed day or limit.
 */
export function parseJobsFilter(params: URLSearchParams): JobsFilter {
  const text = (name: string, max = 500) => {
    const value = (params.get(name) ?? '').trim();
    if (value.length > max) throw invalid(name, `${name} is longer than ${max} characters`);
    return value;
  };
  const status = params
    .getAll('status')
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
  const unknown = status.find((value) => !videoStatuses.includes(value as VideoStatus));
  if (unknown !== undefined) throw invalid('status', `status ${JSON.stringify(unknown)} is not a video status; use ${videoStatuses.join(', ')}`);
  const limitText = text('limit', 4);
  const limit = limitText === '' ? defaultJobsPageSize : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw invalid('limit', `limit must be a whole number from 1 to 200, got ${JSON.stringify(limitText)}`);
  return {
    status: [...new Set(status)] as VideoStatus[],
    campaign: text('campaign'),
    actor: text('actor'),
    clip: text('clip'),
    provider: text('provider'),
    mode: text('mode'),
    from: dayOf('from', text('from', 10)),
    to: dayOf('to', text('to', 10)),
    q: text('q'),
    cursor: text('cursor', 1000),
    limit,
  };
}

/** The ledger query of a filter (without cursor and limit). */
export function queryOfFilter(filter: JobsFilter): VideoRecordQuery {
  const query: VideoRecordQuery = {};
  if (filter.status.length > 0) query.status = filter.status;
  if (filter.provider !== '') query.provider = filter.provider;
  if (filter.mode !== '') query.qualityMode = filter.mode;
  if (filter.q !== '') query.promptContains = filter.q;
  const audit: VideoAudit = {};
  if (filter.campaign !== '') audit.pipelineRequestId = filter.campaign;
  if (filter.actor !== '') audit.actorId = filter.actor;
  if (filter.clip !== '') audit.clipId = filter.clip;
  if (Object.keys(audit).length > 0) query.audit = audit;
  if (filter.from !== '') query.createdAfter = `${filter.from}T00:00:00.000Z`;
  if (filter.to !== '') query.createdBefore = new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000).toISOString();
  return query;
}

/** The query string of a filter with another cursor (empty fields left out). */
export function searchOfFilter(filter: JobsFilter, cursor?: string): string {
  const params = new URLSearchParams();
  for (const status of filter.status) params.append('status', status);
  for (const name of ['campaign', 'actor', 'clip', 'provider', 'mode', 'from', 'to', 'q'] as const) if (filter[name] !== '') params.set(name, filter[name]);
  if (filter.limit !== defaultJobsPageSize) params.set('limit', String(filter.limit));
  if (cursor !== undefined) params.set('cursor', cursor);
  const search = params.toString();
  return search === '' ? '' : `?${search}`;
}
