/**
 * The CLI's exit codes: `0` everything succeeded; `1` a job (or the command) failed; `2` bad
 * input — an unknown flag, a missing argument, an invalid request or manifest, a cost above
 * `--max-cost-usd` (nothing was spent); `3` moderation blocked a video; `130` interrupted
 * (Ctrl-C; running jobs stay resumable).
 *
 * @example
 * ```ts
 * if (code === cliExitCodes.moderated) console.log('blocked by moderation');
 * ```
 */
export const cliExitCodes = {
  ok: 0,
  failed: 1,
  badInput: 2,
  moderated: 3,
  interrupted: 130,
} as const;

/** One of {@link cliExitCodes}. */
export type CliExitCode = (typeof cliExitCodes)[keyof typeof cliExitCodes];
