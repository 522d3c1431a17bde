/**
 * A command line the CLI cannot run: unknown flag or command, missing or extra argument,
 * a flag value of the wrong kind. Exit code 2; the message names the flag.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  /** The flag or argument at fault, e.g. `--duration` or `<prompt>`. */
  readonly flag: string | undefined;
  /** The command whose `--help` explains it; `undefined` for the top level. */
  readonly command: string | undefined;

  constructor(message: string, options: { flag?: string; command?: string } = {}) {
    super(message);
    this.flag = options.flag;
    this.command = options.command;
  }
}
