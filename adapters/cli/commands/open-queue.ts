import type { CommandContext } from '../cli-command.js';
import { createVideoQueueFromEnv, type VideoQueueFromEnv } from '../env/create-video-queue-from-env.js';
import type { VideoConductorEnvironment } from '../env/video-conductor-env-options.js';
import { withEnvironment } from './open-environment.js';

/**
 * Opens the environment and its pg-boss queue, runs `action`, then stops pg-boss gracefully
 * (jobs in hand finish) and closes the environment.
 */
export async function withQueue<T>(
  context: CommandContext,
  action: (queue: VideoQueueFromEnv, environment: VideoConductorEnvironment) => Promise<T>,
  options: { supervise?: boolean; onError?: (error: unknown) => void } = {},
): Promise<T> {
  return withEnvironment(context, async (environment) => {
    const queue = await createVideoQueueFromEnv(environment, context.io.env, {
      ...(context.envOptions.importModule === undefined ? {} : { importModule: context.envOptions.importModule }),
      ...options,
    });
    try {
      return await action(queue, environment);
    } finally {
      await queue.stop({ graceful: true });
    }
  });
}
