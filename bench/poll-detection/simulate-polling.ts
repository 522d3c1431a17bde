import { createVideoConductor } from '@ring/video-conductor';
import { createFakeTime, createTestMp4, MemoryLedger } from '@ring/video-conductor/testing';
import { experimental_generateVideo } from 'ai';
import { seededRandom } from '../lib/seeded-random.js';
import { ClockedJobs, type HintMode } from './clocked-jobs.js';
import { clockedVideoModel } from './clocked-video-model.js';
import { clockedVideoProvider } from './clocked-video-provider.js';

/** Who polls. */
export type Poller = 'conductor' | 'ai-sdk';

/** Per job: status requests made and detection lag (caller learns − job finished), in ms. */
export interface PollingOutcome {
  statusCalls: number[];
  lagMs: number[];
}

/** Job durations of the simulation: `jobs` values uniform in [30 s, 180 s], from a fixed seed. */
export function jobDurationsMs(jobs: number, seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: jobs }, () => Math.round(30_000 + 150_000 * random()));
}

/**
 * Runs the jobs one after another on one fake clock (so a three-minute job takes
 * microseconds) and records, per job, how many status requests the poller made and how long
 * after the job's real end its caller got the result.
 *
 * - `conductor`: `conductor.generate` with its defaults (5 s ± 20 % jitter, seeded), fake
 *   `clock`/`sleep`, a `MemoryLedger` and no storage (the result is the temporary URL, so no
 *   download time is added).
 * - `ai-sdk`: `experimental_generateVideo` over a `doStart`/`doStatus` model with
 *   `poll: { intervalMs: 5000, delay }` (5000 is its default; `delay` advances the fake
 *   clock) and a `download` that returns 4 KiB at once.
 */
export async function simulatePolling(input: { poller: Poller; hintMode: HintMode; durationsMs: number[]; seed: number }): Promise<PollingOutcome> {
  const time = createFakeTime();
  const durations = [...input.durationsMs];
  const jobs = new ClockedJobs(time.now, () => durations.shift()!, input.hintMode, seededRandom(input.seed + 1));
  const finishedCallAt: number[] = [];

  if (input.poller === 'conductor') {
    const conductor = createVideoConductor({
      provider: clockedVideoProvider(jobs),
      ledger: new MemoryLedger({ clock: time.clock }),
      clock: time.clock,
      sleep: time.sleep,
      random: seededRandom(input.seed + 2),
    });
    for (let index = 0; index < input.durationsMs.length; index++) {
      const result = await conductor.generate({ prompt: `poll-detection job ${index}` });
      if (!result.success) throw new Error(`job ${index} did not succeed: ${JSON.stringify(result)}`);
      finishedCallAt.push(time.now());
    }
  } else {
    const model = clockedVideoModel(jobs);
    const video = createTestMp4();
    for (let index = 0; index < input.durationsMs.length; index++) {
      await experimental_generateVideo({
        model,
        prompt: `poll-detection job ${index}`,
        poll: { intervalMs: 5000, delay: (ms) => time.sleep(ms) },
        download: async () => ({ data: video, mediaType: 'video/mp4' }),
      });
      finishedCallAt.push(time.now());
    }
  }

  const outcome: PollingOutcome = { statusCalls: [], lagMs: [] };
  [...jobs.jobs.values()].forEach((job, index) => {
    outcome.statusCalls.push(job.statusCalls);
    outcome.lagMs.push(finishedCallAt[index]! - job.finishesAt);
  });
  return outcome;
}
