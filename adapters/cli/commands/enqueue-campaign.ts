import type { CampaignPlan } from '../campaign/plan-campaign.js';
import type { CommandContext } from '../cli-command.js';
import { createVideoQueueFromEnv } from '../env/create-video-queue-from-env.js';
import type { VideoConductorEnvironment } from '../env/video-conductor-env-options.js';
import { formatTable } from '../output/format.js';

/**
 * `run <manifest> --queue`: sends every clip to the pg-boss queue under its campaign
 * idempotency key and returns. A clip already queued, running or finished is left alone, so a
 * second run is a no-op for them.
 */
export async function enqueueCampaign(context: CommandContext, environment: VideoConductorEnvironment, campaign: string, plan: CampaignPlan): Promise<number> {
  const { output, io } = context;
  const opened = await createVideoQueueFromEnv(environment, io.env, {
    ...(context.envOptions.importModule === undefined ? {} : { importModule: context.envOptions.importModule }),
    supervise: false,
  });
  try {
    const clips = [];
    for (const clip of plan.clips) {
      const enqueued = await opened.queue.enqueue(clip.request);
      clips.push({ id: clip.clip.id, idempotencyKey: enqueued.idempotencyKey, jobId: enqueued.jobId, recordId: enqueued.recordId, created: enqueued.created, status: enqueued.status });
    }
    const created = clips.filter((clip) => clip.created).length;
    output.document({ ok: true, exitCode: 0, campaign, queue: opened.queue.name, enqueued: created, unchanged: clips.length - created, clips });
    output.line(`enqueued ${created} clip${created === 1 ? '' : 's'} on ${opened.queue.name} (${opened.description}); ${clips.length - created} already queued or done`);
    for (const line of formatTable(
      ['clip', 'job', 'state'],
      clips.map((clip) => [clip.id, clip.jobId ?? '-', clip.created ? 'queued' : (clip.status ?? 'already queued')]),
    )) {
      output.line(line);
    }
    output.line('run `video-conductor worker` (any number, any machine) to make them');
    return 0;
  } finally {
    await opened.stop({ graceful: true });
  }
}
