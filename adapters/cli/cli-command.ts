import type { CliIo } from './cli-io.js';
import type { VideoConductorEnvOptions, VideoConductorProviderName } from './env/video-conductor-env-options.js';
import type { Output } from './output/output.js';

/** One flag of a command, as `parseArgs` takes it plus what `--help` shows. */
export interface FlagSpec {
  /** Long name without dashes, e.g. `duration`. */
  name: string;
  type: 'string' | 'boolean';
  /** Placeholder of the value in `--help`, e.g. `SECONDS`. */
  value?: string;
  /** One line for `--help`. */
  description: string;
  /** One-letter alias. */
  short?: string;
  /** The flag may repeat; its value is then an array. @default false */
  multiple?: boolean;
}

/** What a command receives. */
export interface CommandContext {
  io: CliIo;
  /** Parsed flags (strings and booleans as given; validation is the command's). */
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  /** `--json` was given. */
  json: boolean;
  /** `--provider`, when given. */
  provider: VideoConductorProviderName | undefined;
  /** Options for the `…FromEnv` factories: cwd and `--provider`. */
  envOptions: VideoConductorEnvOptions;
  output: Output;
}

/** One `video-conductor <command>`: its flags, help and action. Returns the exit code. */
export interface CliCommand {
  name: string;
  /** `generate <prompt>` */
  usage: string;
  /** One line for the command list. */
  summary: string;
  /** Paragraphs shown under the usage in `--help`. */
  details?: string;
  flags: readonly FlagSpec[];
  /** Names of the positional arguments; the command checks their count. */
  positionals: readonly string[];
  run(context: CommandContext): Promise<number>;
}
