import type { CliCommand } from '../cli-command.js';
import { createLedgerFromEnv } from '../env/create-ledger-from-env.js';

/** `video-conductor migrate`: creates or upgrades the ledger table. */
export const migrateCommand: CliCommand = {
  name: 'migrate',
  usage: 'migrate',
  summary: 'Create or upgrade the ledger table (DATABASE_URL, or the embedded PGlite ledger)',
  details: 'Idempotent and safe to run from many processes at once (advisory lock). The embedded ledger is also migrated on first use.',
  flags: [],
  positionals: [],
  async run({ io, envOptions, output }) {
    const { migrate, close, description } = await createLedgerFromEnv(io.env, { ...envOptions, migrate: false });
    try {
      const { applied } = await migrate();
      output.document({ ok: true, exitCode: 0, ledger: description, applied });
      output.line(applied.length === 0 ? `${description}: up to date` : `${description}: applied ${applied.join(', ')}`);
      return 0;
    } finally {
      await close();
    }
  },
};
