/** One table of a benchmark's results. */
export interface ResultTable {
  /** Column titles. */
  header: string[];
  /** Cells, already formatted. */
  rows: string[][];
}

/** One measured ratio (or count) and the target it is held against. */
export interface Headline {
  /** What is measured, e.g. `persist throughput vs curl -o + fsync`. */
  metric: string;
  /** The value as shown, e.g. `0.81×` or `3`. */
  value: string;
  /** The target as shown, e.g. `≥ 0.8×`; `reported` when there is none. */
  target: string;
  /** Whether the value meets the target; `undefined` when there is no target. */
  met?: boolean;
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
  /** The ratios issue #15 set targets for, collected into the summary at the top of RESULTS.md. */
  headlines?: Headline[];
  /** Wall time the benchmark took, in ms (set by the runner). */
  durationMs?: number;
}

/** `size` MiB → bytes. */
export const mebibyte = 1024 * 1024;
