/** One table of a benchmark's results. */
export interface ResultTable {
  /** Column titles. */
  header: string[];
  /** Cells, already formatted. */
  rows: string[][];
}

/** What one benchmark reports to the runner (`bench/index.ts`). */
export interface BenchmarkSection {
  /** Short id used by `--only`, e.g. `persist-memory`. */
  id: string;
  /** Heading in RESULTS.md. */
  title: string;
  /** One paragraph: what was measured and how, with the sizes of this run. */
  description: string;
  tables: ResultTable[];
  /** Sentences printed under the tables: ratios, caveats. */
  notes: string[];
  /** Wall time the benchmark took, in ms (set by the runner). */
  durationMs?: number;
}

/** `size` MiB → bytes. */
export const mebibyte = 1024 * 1024;
