import { formatElapsed, formatUsd } from './format.js';

interface JobLine {
  label: string;
  status: string;
  progress: number | undefined;
  startedAt: number;
  estimatedCostUsd: number | undefined;
  lastPrinted: string;
}

/**
 * One progress line per running job: state, progress %, elapsed time, estimated cost.
 * On a TTY the lines are redrawn in place (`\r`, and cursor-up for several jobs); elsewhere
 * each change is printed as a plain line, so logs and pipes stay readable.
 */
export class ProgressBoard {
  readonly #jobs = new Map<string, JobLine>();
  /** Lines currently drawn by the live board (the cursor sits at the end of the last one). */
  #drawn = 0;
  /** Keeps the elapsed times ticking between events (live board only). */
  #ticker: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly stream: { write(text: string): unknown },
    /** Redraw in place (TTY) instead of printing plain lines. */
    private readonly live: boolean,
    private readonly now: () => number = () => performance.now(),
    /** Labels are padded to this width, so several jobs' columns line up. */
    private readonly labelWidth = 0,
  ) {}

  /** Starts (or updates) a job's line. */
  update(label: string, change: { status?: string; progress?: number; estimatedCostUsd?: number }): void {
    let job = this.#jobs.get(label);
    if (job === undefined) {
      job = { label, status: 'starting', progress: undefined, startedAt: this.now(), estimatedCostUsd: undefined, lastPrinted: '' };
      this.#jobs.set(label, job);
    }
    if (change.status !== undefined && change.status !== job.status) {
      job.status = change.status;
      if (change.progress === undefined) job.progress = undefined;
    }
    if (change.progress !== undefined) job.progress = change.progress;
    if (change.estimatedCostUsd !== undefined) job.estimatedCostUsd = change.estimatedCostUsd;
    if (this.live) {
      this.#ticker ??= setInterval(() => this.#redraw(), 250);
      this.#ticker.unref?.();
      this.#redraw();
    } else {
      const text = this.#render(job, false);
      if (text !== job.lastPrinted) {
        job.lastPrinted = text;
        this.stream.write(`${this.#render(job, true)}\n`);
      }
    }
  }

  /** Ends a job's line with a final sentence, kept above the live lines. */
  finish(label: string, summary: string): void {
    const job = this.#jobs.get(label);
    const elapsed = job === undefined ? '' : ` ${formatElapsed(this.now() - job.startedAt)}`;
    this.#jobs.delete(label);
    const text = `${label.padEnd(this.labelWidth)}  ${summary}${elapsed}`;
    if (!this.live) {
      this.stream.write(`${text}\n`);
      return;
    }
    this.#clear();
    this.stream.write(`${text}\n`);
    this.#redraw();
  }

  /** Leaves the live area (a newline after the last drawn line) so other output starts clean. */
  close(): void {
    if (this.#ticker !== undefined) clearInterval(this.#ticker);
    this.#ticker = undefined;
    if (this.live && this.#drawn > 0) this.stream.write('\n');
    this.#drawn = 0;
  }

  #render(job: JobLine, withElapsed: boolean): string {
    const parts = [job.label.padEnd(this.labelWidth), job.status.padEnd(10)];
    parts.push(job.progress === undefined ? '    ' : `${String(Math.round(job.progress)).padStart(3)}%`);
    if (withElapsed) parts.push(formatElapsed(this.now() - job.startedAt).padStart(6));
    if (job.estimatedCostUsd !== undefined) parts.push(`est. ${formatUsd(job.estimatedCostUsd)}`);
    return parts.join('  ');
  }

  /** Moves to the start of the first drawn line and erases the drawn lines. */
  #clear(): void {
    if (this.#drawn === 0) return;
    this.stream.write(`\r${this.#drawn > 1 ? `\x1b[${this.#drawn - 1}A` : ''}\x1b[J`);
    this.#drawn = 0;
  }

  #redraw(): void {
    this.#clear();
    const lines = [...this.#jobs.values()].map((job) => `\x1b[2K${this.#render(job, true)}`);
    if (lines.length === 0) return;
    this.stream.write(lines.join('\n'));
    this.#drawn = lines.length;
  }
}
