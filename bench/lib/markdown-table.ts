import type { ResultTable } from './benchmark-section.js';

/** A GitHub-flavoured Markdown table, columns padded so it also reads well in a terminal. */
export function markdownTable(table: ResultTable): string {
  const { header, rows } = table;
  const widths = header.map((title, column) => Math.max(3, title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: string[]) => `| ${header.map((_, column) => (cells[column] ?? '').padEnd(widths[column]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
