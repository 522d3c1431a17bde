import { createVideoConductor, MemoryLedger, type VideoConductor } from '@ring/video-conductor';
import type { CommandContext } from '../cli-command.js';
import { createProviderFromEnv } from '../env/create-provider-from-env.js';

/**
 * Runs `plan` with a conductor made of the environment's provider alone (no ledger, no
 * storage opened), so invalid requests are refused before anything is written or started.
 */
export async function withPlanner<T>(context: CommandContext, plan: (conductor: Pick<VideoConductor, 'estimate'>) => T): Promise<T> {
  const providers = createProviderFromEnv(context.io.env, context.envOptions);
  try {
    return plan(
      createVideoConductor({
        provider: providers.provider,
        imageProvider: providers.imageProvider,
        ledger: new MemoryLedger(),
        ...(providers.presets === undefined ? {} : { presets: providers.presets }),
      }),
    );
  } finally {
    await providers.close();
  }
}
