import type { CliIo } from '../cli-io.js';
import { ProgressBoard } from './progress-board.js';

/**
 * Writes what a command has to say. Human mode: text on stdout. `--json`: exactly one JSON
 * document on stdout ({@link Output.document}); everything meant for people goes to stderr.
 */
export class Output {
  #documentWritten = false;

  constructor(
    private readonly io: CliIo,
    /** `--json` was given. */
    readonly json: boolean,
  ) {}

  /** A line for people: stdout, or stderr with `--json`. */
  line(text = ''): void {
    (this.json ? this.io.stderr : this.io.stdout).write(`${text}\n`);
  }

  /** A warning or error line: always stderr. */
  error(text: string): void {
    this.io.stderr.write(`${text}\n`);
  }

  /** The `--json` document (once); ignored in human mode. */
  document(value: unknown): void {
    if (!this.json || this.#documentWritten) return;
    this.#documentWritten = true;
    this.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** Whether the JSON document was written. */
  get documentWritten(): boolean {
    return this.#documentWritten;
  }

  /** Live progress lines: redrawn in place on a TTY, plain lines otherwise (stderr with `--json`). */
  progressBoard(labelWidth = 0): ProgressBoard {
    const live = !this.json && this.io.stdout.isTTY === true;
    return new ProgressBoard(this.json ? this.io.stderr : this.io.stdout, live, undefined, labelWidth);
  }
}
