import type { CliCommand, FlagSpec } from './cli-command.js';

/** Flags every command takes. */
export const globalFlags: readonly FlagSpec[] = [
  { name: 'provider', type: 'string', value: 'local|xai|runway', description: 'video provider (default: xai when XAI_API_KEY is set, else runway when RUNWAYML_API_SECRET is; local = offline)' },
  { name: 'json', type: 'boolean', description: 'print one JSON document on stdout (logs go to stderr)' },
  { name: 'help', short: 'h', type: 'boolean', description: 'show help' },
];

function flagLines(flags: readonly FlagSpec[]): string[] {
  const labels = flags.map((flag) => `${flag.short === undefined ? '    ' : `-${flag.short}, `}--${flag.name}${flag.value === undefined ? '' : ` ${flag.value}`}`);
  const width = Math.max(...labels.map((label) => label.length));
  return flags.map((flag, index) => `  ${labels[index]!.padEnd(width)}  ${flag.description}`);
}

/** `video-conductor <command> --help`. */
export function renderCommandHelp(command: CliCommand): string {
  const lines = [`Usage: video-conductor ${command.usage}${command.flags.length > 0 ? ' [flags]' : ''}`, '', command.summary];
  if (command.details !== undefined) lines.push('', command.details);
  if (command.flags.length > 0) lines.push('', 'Flags:', ...flagLines(command.flags));
  const own = new Set(command.flags.map((flag) => flag.name));
  lines.push('', 'Global flags:', ...flagLines(globalFlags.filter((flag) => !own.has(flag.name))));
  return `${lines.join('\n')}\n`;
}

/** `video-conductor --help`. */
export function renderTopHelp(commands: readonly CliCommand[], version: string): string {
  const width = Math.max(...commands.map((command) => command.usage.length));
  return `${[
    `video-conductor ${version} — generate, track and resume videos with @ring/video-conductor`,
    '',
    'Usage: video-conductor <command> [arguments] [flags]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.usage.padEnd(width)}  ${command.summary}`),
    '',
    'Global flags:',
    ...flagLines(globalFlags),
    '    --version  print the version',
    '',
    'Configuration comes from the environment: XAI_API_KEY (xAI), RUNWAYML_API_SECRET (Runway), VIDEO_CONDUCTOR_PROVIDER=local (offline),',
    'DATABASE_URL (Postgres ledger; default: embedded PGlite under ./.video-conductor/ledger),',
    'VIDEO_CONDUCTOR_S3_BUCKET (S3 storage; default: ./.video-conductor/media), VIDEO_CONDUCTOR_HOME,',
    'VIDEO_CONDUCTOR_MAX_USD_PER_JOB / _PER_DAY / _PER_ACTOR (budgets in USD; default: no limit).',
    '',
    'Exit codes: 0 ok, 1 failed, 2 bad input, 3 moderated, 130 interrupted.',
    'Run "video-conductor <command> --help" for the flags of a command.',
  ].join('\n')}\n`;
}
