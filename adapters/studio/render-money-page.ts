import type { BudgetOptions, VideoCostGroup, VideoCostSummary } from '@ring/video-conductor';
import { formatUsd, html } from './html.js';
import { renderLayout } from './render-layout.js';
import { horizontalCostChart, sumUsd, verticalCostChart, type CostBar } from './svg-charts.js';

/** What the money page shows. */
export interface MoneyPageInput {
  summary: VideoCostSummary;
  /** First and last UTC day of the range (`YYYY-MM-DD`), `''` when open. */
  from: string;
  to: string;
  budget: BudgetOptions | undefined;
}

/** Groups cost groups into bars by a key, largest estimate first (days stay in date order). */
export function barsBy(groups: readonly VideoCostGroup[], keyOf: (group: VideoCostGroup) => string, sortByDate = false): CostBar[] {
  const byKey = new Map<string, VideoCostGroup[]>();
  for (const group of groups) {
    const key = keyOf(group);
    byKey.set(key, [...(byKey.get(key) ?? []), group]);
  }
  const bars = [...byKey.entries()].map(([label, members]) => ({
    label,
    estimatedUsd: sumUsd(members.map((member) => member.estimatedCostUsd)),
    billedUsd: sumUsd(members.map((member) => member.billedCostUsd)),
  }));
  return sortByDate ? bars.sort((left, right) => (left.label < right.label ? -1 : 1)) : bars.sort((left, right) => right.estimatedUsd - left.estimatedUsd || (left.label < right.label ? -1 : 1));
}

/** Spend per day, actor, campaign and quality mode, estimated against billed, with budget lines. */
export function renderMoneyPage({ summary, from, to, budget }: MoneyPageInput): string {
  const { groups } = summary;
  const estimated = sumUsd(groups.map((group) => group.estimatedCostUsd));
  const billed = sumUsd(groups.map((group) => group.billedCostUsd));
  const rows = groups.reduce((sum, group) => sum + group.count, 0);
  const billedRows = groups.reduce((sum, group) => sum + group.billedCount, 0);
  const oneDay = from !== '' && from === to;
  const body = html`<h1>Money</h1>
<form class="filters" method="get" action="/money" aria-label="Date range">
<label>From<input type="date" name="from" value="${from}"></label><label>To<input type="date" name="to" value="${to}"></label><button type="submit">Show</button><a href="/money">All time</a>
</form>
<div class="totals"><span>Estimated: <strong id="total-estimated" data-usd="${estimated.toFixed(2)}">${formatUsd(estimated)}</strong></span><span>Billed: <strong id="total-billed" data-usd="${billed.toFixed(2)}">${formatUsd(billed)}</strong></span><span>Jobs: <strong id="total-jobs">${rows}</strong> <span class="muted">(${billedRows} with a billed cost)</span></span></div>
<p class="muted">Sums of the ledger's <code>estimated_cost_usd</code> and <code>actual_cost_usd</code>${summary.source === 'aggregate' ? ', computed in the database' : ', paged through the ledger'}. Days are UTC.${
    summary.complete ? '' : html` <strong>Only the newest rows were summed: narrow the date range.</strong>`
  }${budget?.maxUsdPerActor !== undefined && !oneDay ? html` The per-actor budget (${formatUsd(budget.maxUsdPerActor)} a day) is drawn when the range is one day.` : ''}</p>
${groups.length === 0 ? html`<p>No jobs in this range.</p>` : ''}
${verticalCostChart('chart-day', 'Spend per day', barsBy(groups, (group) => group.day, true), budget?.maxUsdPerDay === undefined ? undefined : { label: `daily budget ${formatUsd(budget.maxUsdPerDay)}`, usd: budget.maxUsdPerDay })}
${horizontalCostChart('chart-actor', 'Spend per actor', barsBy(groups, (group) => group.actorId ?? '(no actor)'), oneDay && budget?.maxUsdPerActor !== undefined ? { label: `per-actor budget ${formatUsd(budget.maxUsdPerActor)}`, usd: budget.maxUsdPerActor } : undefined)}
${horizontalCostChart('chart-campaign', 'Spend per campaign', barsBy(groups, (group) => group.pipelineRequestId ?? '(no campaign)'))}
${horizontalCostChart('chart-mode', 'Spend per quality mode', barsBy(groups, (group) => group.qualityMode))}`;
  return renderLayout({ page: 'money', title: 'Money', body });
}
