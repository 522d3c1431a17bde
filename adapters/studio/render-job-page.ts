import type { VideoRecord } from '@ring/video-conductor';
import { formatUsd, html, type SafeHtml } from './html.js';
import { cliCommandOfRecord, conductorMetadataOf, isActionApplicable, requestOfRecord, studioActions, type StudioAction } from './job-actions.js';
import { formatTime, isActive, renderStatus } from './render-common.js';
import { renderLayout } from './render-layout.js';

/** What the job page shows. */
export interface JobPageInput {
  record: VideoRecord;
  /** Whether the action buttons work (`allowActions`). */
  allowActions: boolean;
  /** The provider percentage when this studio runs the job. */
  progress: number | undefined;
}

const actionLabels: Record<StudioAction, { label: string; confirm?: string; hint: string }> = {
  resume: { label: 'Resume', hint: 'continue from the ledger row without submitting again' },
  persist: { label: 'Persist', hint: 'store the finished video from the provider URL' },
  cancel: { label: 'Cancel job', confirm: 'Cancel this job? The provider is told to stop; this cannot be undone.', hint: 'stop the job' },
};

function facts(entries: [string, string | number | SafeHtml | null | undefined][]): SafeHtml {
  return html`<dl class="facts">${entries.filter(([, value]) => value !== undefined && value !== null && value !== '').map(([term, value]) => html`<dt>${term}</dt><dd>${value as string}</dd>`)}</dl>`;
}

/**
 * The timeline the row can vouch for. The ledger keeps the current status and two times
 * only, so nothing else is given a time: the provider's acceptance is shown without one.
 */
function timeline(record: VideoRecord): SafeHtml {
  const items: SafeHtml[] = [html`<li><time datetime="${record.createdAt}">${formatTime(record.createdAt)}</time> — created (<code>pending</code>): the row exists before any money is spent</li>`];
  if (record.requestId !== null) items.push(html`<li><span class="muted">time not recorded</span> — accepted by ${record.provider} as job <code>${record.requestId}</code></li>`);
  if (record.updatedAt !== record.createdAt || record.status !== 'pending') {
    items.push(html`<li><time datetime="${record.updatedAt}">${formatTime(record.updatedAt)}</time> — last change: now <code>${record.status}</code></li>`);
  }
  if (record.leaseOwner !== null) items.push(html`<li><time datetime="${record.leaseExpiresAt ?? ''}">${formatTime(record.leaseExpiresAt)}</time> — lease of worker <code>${record.leaseOwner}</code> expires</li>`);
  return html`<ol class="timeline">${items}</ol><p class="muted">The ledger keeps each job's creation and last change; intermediate status times are not recorded.</p>`;
}

/** One job: the video, its frames, plan, costs, audit, error and actions. */
export function renderJobPage({ record, allowActions, progress }: JobPageInput): string {
  const metadata = conductorMetadataOf(record);
  const upgrades = Array.isArray(metadata.upgrades) ? (metadata.upgrades as { from?: string; to?: string; reason?: string; detail?: string }[]) : [];
  const warnings = Array.isArray(metadata.warnings) ? (metadata.warnings as { type?: string; field?: string; detail?: string; message?: string }[]) : [];
  const stored = record.storageKey !== null || (record.url !== null && record.status === 'succeeded');
  const video = stored
    ? html`<video class="player" id="player" controls muted autoplay loop playsinline preload="auto" src="/media/${record.id}/video"${record.thumbnail === null ? '' : html` poster="/media/${record.id}/thumbnail"`} aria-label="Video of job ${record.id.slice(0, 8)}"></video>`
    : html`<p class="muted">${record.status === 'persist_failed' ? 'The video was made but not stored yet: resume or persist stores it.' : isActive(record) ? 'The video is not ready yet; this page updates when the job moves.' : 'This job has no video.'}</p>`;
  const frames: SafeHtml[] = [];
  if (record.firstFrame !== null) frames.push(html`<figure><img src="/media/${record.id}/first-frame" alt="First frame (${record.firstFrame.source})"><figcaption class="muted">First frame (${record.firstFrame.source})</figcaption></figure>`);
  if (record.thumbnail !== null) frames.push(html`<figure><img src="/media/${record.id}/thumbnail" alt="Thumbnail"><figcaption class="muted">Thumbnail</figcaption></figure>`);
  const actions = studioActions.filter((action) => isActionApplicable(action, record));
  const body = html`<h1>${record.prompt.length > 120 ? `${record.prompt.slice(0, 120)}…` : record.prompt}</h1>
<p>${renderStatus(record, progress)} <span class="muted">job <code>${record.id}</code></span></p>
<div class="job">
<section aria-labelledby="video-heading"><h2 id="video-heading">Video</h2>${video}
${frames.length === 0 ? '' : html`<div class="frames">${frames}</div>`}
${record.error === null ? '' : html`<h2>Error</h2><div class="error-box" id="error"><p><strong>${record.error.code}</strong>${record.error.step === undefined ? '' : html` <span class="muted">at step ${record.error.step}</span>`}${record.error.retryable === true ? html` <span class="muted">(retryable)</span>` : ''}</p><p>${record.error.message}</p></div>`}
<h2>Actions</h2>
${
  actions.length === 0
    ? html`<p class="muted">No action applies to a ${record.status} job.</p>`
    : html`<div class="actions">${actions.map((action) => {
        const { label, confirm, hint } = actionLabels[action];
        return allowActions
          ? html`<button type="button" data-action="${action}" data-job="${record.id}"${confirm === undefined ? '' : html` data-confirm="${confirm}"`} title="${hint}">${label}</button>`
          : html`<button type="button" disabled title="Actions are off">${label}</button>`;
      })}</div>${allowActions ? '' : html`<p class="muted">Actions are off: start the studio with <code>--allow-actions</code>.</p>`}`
}
<h2>Run it again</h2>
<div class="actions"><button type="button" class="secondary" data-copy="cli-command" data-what="CLI command">Copy as CLI command</button><button type="button" class="secondary" data-copy="json-request" data-what="JSON request">Copy as JSON request</button></div>
<pre class="copy" id="cli-command">${cliCommandOfRecord(record)}</pre>
<pre class="copy" id="json-request">${JSON.stringify(requestOfRecord(record), null, 2)}</pre>
</section>
<section aria-labelledby="facts-heading"><h2 id="facts-heading">Plan</h2>
${facts([
  ['Provider', record.provider],
  ['Model', record.model],
  ['Quality mode', record.qualityMode],
  ['Resolution', record.resolution],
  ['Length', `${record.durationSec} s${record.outputDurationSec === null ? '' : ` (made: ${record.outputDurationSec} s)`}`],
  ['Aspect ratio', record.aspectRatio],
  ['Operation', record.operation],
])}
${upgrades.length === 0 ? '' : html`<h2>Upgrades</h2><ul>${upgrades.map((upgrade) => html`<li><code>${upgrade.from ?? '?'}</code> → <code>${upgrade.to ?? '?'}</code>: ${upgrade.detail ?? upgrade.reason ?? ''}</li>`)}</ul>`}
${warnings.length === 0 ? '' : html`<h2>Warnings</h2><ul id="warnings">${warnings.map((warning) => html`<li>${warning.type ?? 'warning'}${warning.field === undefined ? '' : html` <code>${warning.field}</code>`}: ${warning.detail ?? warning.message ?? ''}</li>`)}</ul>`}
<h2>Cost</h2>
${facts([
  ['Estimated', html`<span id="estimated-cost">${formatUsd(record.estimatedCostUsd)}</span>`],
  ['Billed', html`<span id="billed-cost">${record.actualCostUsd === null ? 'not reported' : formatUsd(record.actualCostUsd)}</span>`],
])}
<h2>Timeline</h2>${timeline(record)}
<h2>Audit</h2>
${facts([
  ['Campaign', record.audit.pipelineRequestId === undefined ? undefined : html`<a href="/campaigns/${encodeURIComponent(record.audit.pipelineRequestId)}">${record.audit.pipelineRequestId}</a>`],
  ['Clip', record.audit.clipId],
  ['Actor', record.audit.actorId],
  ['Reference', record.audit.refCode],
  ['Idempotency key', record.idempotencyKey],
  ['Provider job id', record.requestId],
])}
<h2>Stored video</h2>
${facts([
  ['Storage key', record.storageKey],
  ['Size', record.sizeBytes === null ? null : `${record.sizeBytes.toLocaleString('en')} bytes`],
  ['sha256', record.sha256],
])}
</section>
</div>`;
  return renderLayout({ page: 'job', title: `Job ${record.id.slice(0, 8)}`, body, bodyData: { 'job-id': record.id, status: record.status, watch: record.id } });
}
