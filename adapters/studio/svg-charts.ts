import { formatUsd, html, type SafeHtml } from './html.js';

/** One bar pair of a chart: estimated and billed USD of a label. */
export interface CostBar {
  label: string;
  estimatedUsd: number;
  billedUsd: number;
}

/** A dashed line across a chart at a USD value. */
export interface BudgetLine {
  label: string;
  usd: number;
}

/** Sums USD amounts exactly to the cent (in millionths of a dollar). */
export function sumUsd(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + Math.round(value * 1_000_000), 0) / 1_000_000;
}

function scaleMax(bars: readonly CostBar[], budget: BudgetLine | undefined): number {
  const max = Math.max(0, ...bars.flatMap((bar) => [bar.estimatedUsd, bar.billedUsd]), budget?.usd ?? 0);
  return max === 0 ? 1 : max * 1.08;
}

function dataTable(caption: string, bars: readonly CostBar[]): SafeHtml {
  return html`<details><summary>${caption} as a table</summary><div class="table-wrap"><table><thead><tr><th scope="col">${caption.split(' per ')[1] ?? 'Label'}</th><th scope="col" class="num">Estimated</th><th scope="col" class="num">Billed</th></tr></thead><tbody>${bars.map(
    (bar) => html`<tr><td>${bar.label}</td><td class="num">${formatUsd(bar.estimatedUsd)}</td><td class="num">${formatUsd(bar.billedUsd)}</td></tr>`,
  )}</tbody></table></div></details>`;
}

function figure(id: string, caption: string, bars: readonly CostBar[], svg: SafeHtml, budget: BudgetLine | undefined): SafeHtml {
  const estimated = sumUsd(bars.map((bar) => bar.estimatedUsd));
  const billed = sumUsd(bars.map((bar) => bar.billedUsd));
  return html`<figure class="chart" id="${id}" data-estimated-total="${estimated.toFixed(2)}" data-billed-total="${billed.toFixed(2)}">
<figcaption>${caption} <span class="muted">(estimated ${formatUsd(estimated)}, billed ${formatUsd(billed)})</span></figcaption>
<div class="legend" aria-hidden="true"><span><span class="swatch est"></span>estimated</span><span><span class="swatch billed"></span>billed</span>${budget === undefined ? '' : html`<span><span class="swatch budget"></span>${budget.label}</span>`}</div>
${svg}
${dataTable(caption, bars)}
</figure>`;
}

/** Vertical bar pairs (e.g. spend per day), drawn on the server: no script, CSP-friendly. */
export function verticalCostChart(id: string, caption: string, bars: readonly CostBar[], budget?: BudgetLine): SafeHtml {
  const height = 220;
  const top = 16;
  const bottom = 40;
  const left = 56;
  const slot = Math.max(24, Math.min(60, Math.floor(840 / Math.max(1, bars.length))));
  const width = left + slot * bars.length + 16;
  const max = scaleMax(bars, budget);
  const y = (usd: number) => top + (height - top - bottom) * (1 - usd / max);
  const barWidth = Math.max(4, Math.floor((slot - 6) / 2));
  const ticks = [0, 0.5, 1].map((fraction) => max * fraction);
  const svg = html`<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${caption}">
${ticks.map((usd) => html`<line class="axis" x1="${left}" x2="${width - 8}" y1="${y(usd).toFixed(1)}" y2="${y(usd).toFixed(1)}"/><text x="${left - 6}" y="${(y(usd) + 4).toFixed(1)}" text-anchor="end">${formatUsd(usd)}</text>`)}
${bars.map((bar, index) => {
  const x = left + index * slot + 3;
  return html`<g><rect class="est" x="${x}" y="${y(bar.estimatedUsd).toFixed(1)}" width="${barWidth}" height="${(y(0) - y(bar.estimatedUsd)).toFixed(1)}"><title>${bar.label}: estimated ${formatUsd(bar.estimatedUsd)}</title></rect><rect class="billed" x="${x + barWidth}" y="${y(bar.billedUsd).toFixed(1)}" width="${barWidth}" height="${(y(0) - y(bar.billedUsd)).toFixed(1)}"><title>${bar.label}: billed ${formatUsd(bar.billedUsd)}</title></rect><text x="${x + barWidth}" y="${height - bottom + 14}" text-anchor="middle">${/^\d{4}-\d{2}-\d{2}$/.test(bar.label) ? bar.label.slice(5) : bar.label.slice(0, 8)}</text></g>`;
})}
${budget === undefined ? '' : html`<line class="budget" x1="${left}" x2="${width - 8}" y1="${y(budget.usd).toFixed(1)}" y2="${y(budget.usd).toFixed(1)}"><title>${budget.label}: ${formatUsd(budget.usd)}</title></line>`}
</svg>`;
  return figure(id, caption, bars, svg, budget);
}

/** Horizontal bar pairs (e.g. spend per actor), drawn on the server. */
export function horizontalCostChart(id: string, caption: string, bars: readonly CostBar[], budget?: BudgetLine): SafeHtml {
  const row = 30;
  const left = 150;
  const right = 90;
  const width = 760;
  const height = 10 + row * Math.max(1, bars.length) + 10;
  const max = scaleMax(bars, budget);
  const x = (usd: number) => left + (width - left - right) * (usd / max);
  const svg = html`<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${caption}">
${bars.map((bar, index) => {
  const y = 10 + index * row;
  return html`<g><text x="${left - 6}" y="${y + 17}" text-anchor="end">${bar.label.length > 22 ? `${bar.label.slice(0, 21)}…` : bar.label}</text><rect class="est" x="${left}" y="${y + 2}" width="${(x(bar.estimatedUsd) - left).toFixed(1)}" height="12"><title>${bar.label}: estimated ${formatUsd(bar.estimatedUsd)}</title></rect><rect class="billed" x="${left}" y="${y + 14}" width="${(x(bar.billedUsd) - left).toFixed(1)}" height="12"><title>${bar.label}: billed ${formatUsd(bar.billedUsd)}</title></rect><text x="${(Math.max(x(bar.estimatedUsd), x(bar.billedUsd)) + 6).toFixed(1)}" y="${y + 17}">${formatUsd(bar.estimatedUsd)} / ${formatUsd(bar.billedUsd)}</text></g>`;
})}
${budget === undefined ? '' : html`<line class="budget" x1="${x(budget.usd).toFixed(1)}" x2="${x(budget.usd).toFixed(1)}" y1="4" y2="${height - 4}"><title>${budget.label}: ${formatUsd(budget.usd)}</title></line>`}
</svg>`;
  return figure(id, caption, bars, svg, budget);
}
