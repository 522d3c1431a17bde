import type { VideoCostGroup, VideoRecord } from '@ring/video-conductor';
import { formatUsd, html } from './html.js';
import { isActive, renderStatus, renderThumb } from './render-common.js';
import { renderLayout } from './render-layout.js';
import { sumUsd } from './svg-charts.js';

/** One campaign (a `pipelineRequestId`) in the campaigns index. */
export interface CampaignSummary {
  id: string;
  jobs: number;
  estimatedUsd: number;
  billedUsd: number;
  /** Jobs per status. */
  statuses: Record<string, number>;
  firstDay: string;
  lastDay: string;
}

/** Campaigns from cost groups, latest first. */
export function campaignsOf(groups: readonly VideoCostGroup[]): CampaignSummary[] {
  const byId = new Map<string, VideoCostGroup[]>();
  for (const group of groups) {
    if (group.pipelineRequestId === null) continue;
    byId.set(group.pipelineRequestId, [...(byId.get(group.pipelineRequestId) ?? []), group]);
  }
  return [...byId.entries()]
    .map(([id, members]) => {
      const statuses: Record<string, number> = {};
      for (const member of members) statuses[member.status] = (statuses[member.status] ?? 0) + member.count;
      const days = members.map((member) => member.day).sort();
      return {
        id,
        jobs: members.reduce((sum, member) => sum + member.count, 0),
        estimatedUsd: sumUsd(members.map((member) => member.estimatedCostUsd)),
        billedUsd: sumUsd(members.map((member) => member.billedCostUsd)),
        statuses,
        firstDay: days[0] ?? '',
        lastDay: days.at(-1) ?? '',
      };
    })
    .sort((left, right) => (left.lastDay === right.lastDay ? (left.id < right.id ? -1 : 1) : left.lastDay < right.lastDay ? 1 : -1));
}

/** Every campaign with its job count, statuses and costs. */
export function renderCampaignsPage(campaigns: readonly CampaignSummary[]): string {
  const body = html`<h1>Campaigns</h1>
${
  campaigns.length === 0
    ? html`<p>No jobs carry a campaign (<code>audit.pipelineRequestId</code>) yet.</p>`
    : html`<div class="table-wrap"><table id="campaigns"><thead><tr><th scope="col">Campaign</th><th scope="col" class="num">Jobs</th><th scope="col">Statuses</th><th scope="col" class="num">Estimated</th><th scope="col" class="num">Billed</th><th scope="col">Days</th></tr></thead>
<tbody>${campaigns.map(
        (campaign) => html`<tr><td><a href="/campaigns/${encodeURIComponent(campaign.id)}">${campaign.id}</a></td><td class="num">${campaign.jobs}</td><td>${Object.entries(campaign.statuses)
          .map(([status, count]) => `${status} ${count}`)
          .join(', ')}</td><td class="num">${formatUsd(campaign.estimatedUsd)}</td><td class="num">${formatUsd(campaign.billedUsd)}</td><td>${campaign.firstDay === campaign.lastDay ? campaign.firstDay : `${campaign.firstDay} – ${campaign.lastDay}`}</td></tr>`,
      )}</tbody></table></div>`
}`;
  return renderLayout({ page: 'campaigns', title: 'Campaigns', body });
}

/** What one campaign's page shows. */
export interface CampaignPageInput {
  id: string;
  records: VideoRecord[];
  nextCursor: string | undefined;
  cursor: string;
  progress: ReadonlyMap<string, number>;
}

/** One campaign: a grid of its clips with status, image and cost. */
export function renderCampaignPage({ id, records, nextCursor, cursor, progress }: CampaignPageInput): string {
  const base = `/campaigns/${encodeURIComponent(id)}`;
  const body = html`<h1>Campaign ${id}</h1>
<p><a href="/jobs?campaign=${encodeURIComponent(id)}">These jobs in the table</a></p>
${
  records.length === 0
    ? html`<p>No jobs in this campaign.</p>`
    : html`<ul class="grid" id="clips" role="list">${records.map(
        (record) => html`<li class="card" data-job-id="${record.id}"${isActive(record) ? html` data-watch="${record.id}"` : ''}>
<a href="/jobs/${record.id}" aria-label="Clip ${record.audit.clipId ?? record.id.slice(0, 8)}: open the job">${renderThumb(record, 'frame')}</a>
<p><strong>${record.audit.clipId ?? record.id.slice(0, 8)}</strong> ${renderStatus(record, progress.get(record.id))}</p>
<p class="muted">${formatUsd(record.estimatedCostUsd)} estimated · ${record.actualCostUsd === null ? 'not billed' : `${formatUsd(record.actualCostUsd)} billed`}</p>
</li>`,
      )}</ul>`
}
<nav class="pager" aria-label="Pages">${cursor === '' ? '' : html`<a href="${base}">First page</a>`}${nextCursor === undefined ? '' : html`<a href="${base}?cursor=${encodeURIComponent(nextCursor)}" rel="next">Next page</a>`}</nav>`;
  return renderLayout({ page: 'campaign', title: `Campaign ${id}`, body });
}
