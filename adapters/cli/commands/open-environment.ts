import type { CommandContext } from '../cli-command.js';
import { createVideoConductorFromEnv } from '../env/create-video-conductor-from-env.js';
import type { VideoConductorEnvironment } from '../env/video-conductor-env-options.js';

/** Opens the conductor the environment describes, runs `action`, and always closes it. */
export async function withEnvironment<T>(context: CommandContext, action: (environment: VideoConductorEnvironment) => Promise<T>): Promise<T> {
  const environment = await createVideoConductorFromEnv(context.io.env, context.envOptions);
  try {
    return await action(environment);
  } finally {
    await environment.close();
  }
}
