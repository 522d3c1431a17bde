import type { VideoPresets, VideoRecord } from '@ring/video-conductor';
import { videoStatuses } from '@ring/video-conductor';
import { formatUsd, html } from './html.js';
import { searchOfFilter, type JobsFilter } from './jobs-filter.js';
import { formatTime, isActive, renderStatus, renderThumb } from './render-common.js';
import { renderLayout } from './render-layout.js';

/** What the jobs page shows. */
export interface JobsPageInput {
  filter: JobsFilter;
  records: VideoRecord[];
  nextCursor: string | undefined;
  presets: VideoPresets;
  /** Provider percentages of the jobs this studio runs, by record id. */
  progress: ReadonlyMap<string, number>;
}

/** The jobs table: filters (a plain GET form), rows newest first, keyset "next page" link. */
export function renderJobsPage({ filter, records, nextCursor, presets, progress }: JobsPageInput): string {
  const option = (value: string, label: string, selected: boolean) => (selected ? html`<option value="${value}" selected>${label}</option>` : html`<option value="${value}">${label}</option>`);
  const input = (name: keyof JobsFilter, label: string, type = 'text', extra = '') =>
    html`<label>${label}<input type="${type}" name="${name}" value="${String(filter[name])}"${extra === '' ? '' : html` placeholder="${extra}"`}></label>`;
  const modes = Object.keys(presets.qualityModes);
  if (filter.mode !== '' && !modes.includes(filter.mode)) modes.push(filter.mode);
  const body = html`<h1>Jobs</h1>
<form class="filters" method="get" action="/jobs" role="search" aria-label="Filter jobs">
  <label>Status<select name="status">${option('', 'any', filter.status.length === 0)}${videoStatuses.map((status) => option(status, status.replace('_', ' '), filter.status.length === 1 && filter.status[0] === status))}</select></label>
  ${input('q', 'Prompt contains', 'search')}
  ${input('campaign', 'Campaign (pipeline request id)')}
  ${input('actor', 'Actor')}
  ${input('clip', 'Clip')}
  ${input('provider', 'Provider')}
  <label>Quality mode<select name="mode">${option('', 'any', filter.mode === '')}${modes.map((mode) => option(mode, mode, filter.mode === mode))}</select></label>
  ${input('from', 'Created from', 'date')}
  ${input('to', 'Created to', 'date')}
  <button type="submit">Filter</button>
  <a href="/jobs">Clear filters</a>
</form>
${
  records.length === 0
    ? html`<p>No jobs match these filters.</p>`
    : html`<div class="table-wrap"><table id="jobs">
<caption class="muted">${records.length} job${records.length === 1 ? '' : 's'} on this page, newest first</caption>
<thead><tr><th scope="col"><span class="skip">Image</span></th><th scope="col">Status</th><th scope="col">Prompt</th><th scope="col">Campaign</th><th scope="col">Clip</th><th scope="col">Actor</th><th scope="col">Provider</th><th scope="col">Mode</th><th scope="col" class="num">Length</th><th scope="col" class="num">Estimated</th><th scope="col" class="num">Billed</th><th scope="col">Created</th></tr></thead>
<tbody>${records.map(
        (record) => html`<tr data-job-id="${record.id}"${isActive(record) ? html` data-watch="${record.id}"` : ''}>
<td>${renderThumb(record)}</td>
<td>${renderStatus(record, progress.get(record.id))}</td>
<td class="prompt"><a href="/jobs/${record.id}">${record.prompt.length > 140 ? `${record.prompt.slice(0, 140)}…` : record.prompt}</a></td>
<td>${record.audit.pipelineRequestId === undefined ? '' : html`<a href="/campaigns/${encodeURIComponent(record.audit.pipelineRequestId)}">${record.audit.pipelineRequestId}</a>`}</td>
<td>${record.audit.clipId ?? ''}</td>
<td>${record.audit.actorId ?? ''}</td>
<td>${record.provider}</td>
<td>${record.qualityMode}</td>
<td class="num">${record.durationSec} s</td>
<td class="num">${formatUsd(record.estimatedCostUsd)}</td>
<td class="num">${formatUsd(record.actualCostUsd)}</td>
<td><time datetime="${record.createdAt}">${formatTime(record.createdAt)}</time></td>
</tr>`,
      )}</tbody></table></div>`
}
<nav class="pager" aria-label="Pages">
${filter.cursor === '' ? '' : html`<a href="/jobs${searchOfFilter(filter)}">First page</a>`}
${nextCursor === undefined ? html`<span class="muted">No more jobs</span>` : html`<a href="/jobs${searchOfFilter(filter, nextCursor)}" rel="next">Next page</a>`}
</nav>`;
  return renderLayout({ page: 'jobs', title: 'Jobs', body });
}
