import { parseArgs } from 'node:util';
import type { CliCommand, CommandContext, FlagSpec } from './cli-command.js';
import type { CliIo } from './cli-io.js';
import { cliVersion } from './cli-version.js';
import { enqueueCommand } from './commands/enqueue-command.js';
import { estimateCommand } from './commands/estimate-command.js';
import { generateCommand } from './commands/generate-command.js';
import { listCommand } from './commands/list-command.js';
import { mcpCommand } from './commands/mcp-command.js';
import { queueCommand } from './commands/queue-command.js';
import { migrateCommand } from './commands/migrate-command.js';
import { recoverCommand } from './commands/recover-command.js';
import { resumeCommand } from './commands/resume-command.js';
import { runCommand } from './commands/run-command.js';
import { statusCommand } from './commands/status-command.js';
import { studioCommand } from './commands/studio-command.js';
import { workerCommand } from './commands/worker-command.js';
import type { VideoConductorProviderName } from './env/video-conductor-env-options.js';
import { cliExitCodes } from './exit-codes.js';
import { Output } from './output/output.js';
import { reportError } from './output/report-error.js';
import { flagOfRequestField } from './request-flags.js';
import { globalFlags, renderCommandHelp, renderTopHelp } from './render-help.js';
import { UsageError } from './usage-error.js';

/** Every command, in the order `--help` lists them. */
export const cliCommands: readonly CliCommand[] = [
  generateCommand,
  estimateCommand,
  runCommand,
  statusCommand,
  listCommand,
  resumeCommand,
  recoverCommand,
  migrateCommand,
  mcpCommand,
  studioCommand,
  enqueueCommand,
  workerCommand,
  queueCommand,
];

type ParseArgsOptions = Record<string, { type: 'string' | 'boolean'; short?: string }>;

function parseArgsOptions(flags: readonly FlagSpec[]): ParseArgsOptions {
  return Object.fromEntries(flags.map((flag) => [flag.name, { type: flag.type, ...(flag.short === undefined ? {} : { short: flag.short }), ...(flag.multiple === true ? { multiple: true } : {}) }]));
}

/** The first argument that is neither a flag nor the value of `--provider`: the command's name. */
function findCommand(argv: readonly string[]): { name: string | undefined; rest: string[] } {
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index]!;
    if (token === '--') break;
    if (token === '--provider') {
      index++;
      continue;
    }
    if (token.startsWith('-')) continue;
    return { name: token, rest: [...argv.slice(0, index), ...argv.slice(index + 1)] };
  }
  return { name: undefined, rest: [...argv] };
}

/** Turns `parseArgs` errors into sentences that name the flag and the command. */
function usageErrorOf(error: unknown, command: string | undefined): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const message = (error as Error | null)?.message ?? '';
  const flag = /'(-[^' ]+)/.exec(message)?.[1];
  const where = command === undefined ? 'video-conductor' : `"${command}"`;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    return new UsageError(`unknown flag ${flag ?? message} for ${where}`, { ...(flag === undefined ? {} : { flag }), ...(command === undefined ? {} : { command }) });
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const reason = /does not take an argument/.test(message)
      ? 'takes no value'
      : /ambiguous/.test(message)
        ? `needs a value (a value starting with "-" is written ${flag ?? '--flag'}=-1)`
        : 'needs a value';
    return new UsageError(`${flag ?? 'a flag'} ${reason}`, { ...(flag === undefined ? {} : { flag }), ...(command === undefined ? {} : { command }) });
  }
  return error;
}

/**
 * Runs the `video-conductor` command line and resolves to its exit code (see
 * `cliExitCodes`); never throws and never calls `process.exit`. The `bin` entry is this plus
 * the process's streams and Ctrl-C handling.
 *
 * @param argv The arguments after the program name (`process.argv.slice(2)`).
 * @param io Streams, environment, working directory and an abort signal.
 * @example
 * ```ts
 * import { processIo, runCli } from '@ring/video-conductor/cli';
 *
 * process.exitCode = await runCli(['generate', 'A fox in the snow', '--provider', 'local'], processIo());
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const json = argv.includes('--json');
  const output = new Output(io, json);
  const { name, rest } = findCommand(argv);
  const command = cliCommands.find((candidate) => candidate.name === name);
  let flagOf: ((field: string) => string | undefined) | undefined;
  try {
    if (name === undefined) {
      let values: Record<string, string | boolean | undefined>;
      try {
        ({ values } = parseArgs({ args: rest, options: { ...parseArgsOptions(globalFlags), version: { type: 'boolean' } }, strict: true, allowPositionals: false }));
      } catch (error) {
        throw usageErrorOf(error, undefined);
      }
      if (values.version === true) {
        io.stdout.write(`${cliVersion}\n`);
        return cliExitCodes.ok;
      }
      if (values.help === true) {
        io.stdout.write(renderTopHelp(cliCommands, cliVersion));
        return cliExitCodes.ok;
      }
      io.stderr.write(renderTopHelp(cliCommands, cliVersion));
      throw new UsageError('missing command');
    }
    if (command === undefined) {
      throw new UsageError(`unknown command "${name}"; commands: ${cliCommands.map((candidate) => candidate.name).join(', ')}`);
    }
    let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
    try {
      parsed = parseArgs({ args: rest, options: parseArgsOptions([...command.flags, ...globalFlags]), strict: true, allowPositionals: true });
    } catch (error) {
      throw usageErrorOf(error, command.name);
    }
    const { values, positionals } = parsed;
    if (values.help === true) {
      io.stdout.write(renderCommandHelp(command));
      return cliExitCodes.ok;
    }
    if (positionals.length < command.positionals.length) {
      const missing = command.positionals[positionals.length]!;
      throw new UsageError(`missing ${missing}: usage: video-conductor ${command.usage}`, { flag: missing, command: command.name });
    }
    if (positionals.length > command.positionals.length) {
      const extra = positionals[command.positionals.length]!;
      const hint = command.positionals.includes('<prompt>') ? ' (put the prompt in quotes)' : '';
      throw new UsageError(`unexpected argument "${extra}"${hint}: usage: video-conductor ${command.usage}`, { command: command.name });
    }
    // `list --provider` filters rows by provider instead of choosing one.
    const ownsProvider = command.flags.some((flag) => flag.name === 'provider');
    const provider = ownsProvider ? undefined : values.provider;
    if (provider !== undefined && provider !== 'local' && provider !== 'xai' && provider !== 'runway') {
      throw new UsageError(`--provider must be "local", "xai" or "runway", got ${JSON.stringify(provider)}`, { flag: '--provider', command: command.name });
    }
    if (command.name === 'generate' || command.name === 'estimate') flagOf = flagOfRequestField;
    const context: CommandContext = {
      io,
      values,
      positionals,
      json,
      provider: provider as VideoConductorProviderName | undefined,
      envOptions: { cwd: io.cwd, ...(provider === undefined ? {} : { provider: provider as VideoConductorProviderName }) },
      output,
    };
    return await command.run(context);
  } catch (error) {
    return reportError(output, error, {
      ...(command === undefined ? {} : { command: command.name }),
      ...(flagOf === undefined ? {} : { flagOf }),
      interrupted: io.signal?.aborted === true,
    });
  }
}
