import type { BenchmarkSection } from '../lib/benchmark-section.js';
import { mean, percentile } from '../lib/stats.js';
import type { HintMode } from './clocked-jobs.js';
import { jobDurationsMs, type Poller, type PollingOutcome, simulatePolling } from './simulate-polling.js';

/** Options of {@link pollDetectionSection}. */
export interface PollDetectionOptions {
  /** Simulated jobs per strategy. */
  jobs: number;
  /** Seed of the job durations (and, derived from it, of jitter and hint noise). */
  seed: number;
  onProgress?: (line: string) => void;
}

const strategies: { label: string; poller: Poller; hintMode: HintMode }[] = [
  { label: 'fixed 5 s loop: AI SDK `experimental_generateVideo` (poll.intervalMs 5000, default)', poller: 'ai-sdk', hintMode: 'none' },
  { label: 'conductor, defaults (5 s ± 20 % jitter), provider sends no hint', poller: 'conductor', hintMode: 'none' },
  { label: 'conductor, provider hints the exact time left (`retryAfterMs`)', poller: 'conductor', hintMode: 'exact' },
  { label: 'conductor, provider hints the time left ± 25 % (min 1 s)', poller: 'conductor', hintMode: 'estimate' },
  { label: 'AI SDK, provider would hint (the V4 status has no hint field: same as no hint)', poller: 'ai-sdk', hintMode: 'exact' },
];

const seconds = (ms: number) => (ms / 1000).toFixed(2);

/**
 * Benchmark 3: status requests per job and detection lag for simulated 30–180 s jobs, the
 * conductor's polling vs a fixed 5 s loop (the AI SDK's), on fake time.
 */
export async function pollDetectionSection(options: PollDetectionOptions): Promise<BenchmarkSection> {
  const durations = jobDurationsMs(options.jobs, options.seed);
  const outcomes: PollingOutcome[] = [];
  for (const strategy of strategies) {
    const outcome = await simulatePolling({ poller: strategy.poller, hintMode: strategy.hintMode, durationsMs: durations, seed: options.seed });
    outcomes.push(outcome);
    options.onProgress?.(`  ${strategy.poller}/${strategy.hintMode}: ${mean(outcome.statusCalls).toFixed(1)} requests/job, p95 lag ${seconds(percentile(outcome.lagMs, 95))} s`);
  }
  const rows = strategies.map((strategy, index) => {
    const { statusCalls, lagMs } = outcomes[index]!;
    return [
      strategy.label,
      mean(statusCalls).toFixed(1),
      String(statusCalls.reduce((sum, calls) => sum + calls, 0)),
      seconds(mean(lagMs)),
      seconds(percentile(lagMs, 50)),
      seconds(percentile(lagMs, 95)),
      seconds(Math.max(...lagMs)),
    ];
  });
  const fixed = outcomes[0]!;
  const ours = outcomes[1]!;
  const exact = outcomes[2]!;
  const estimate = outcomes[3]!;
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  return {
    id: 'poll-detection',
    title: '3. Status requests and detection lag',
    description:
      `${options.jobs} simulated jobs per row, durations uniform in 30–180 s (seed ${options.seed}, mean ${seconds(mean(durations))} s), ` +
      'run one after another on fake time (`createFakeTime`), so the numbers are exact and independent of the machine. ' +
      'The provider answers `pending` until the job\'s end on the fake clock, then `done`. Detection lag = fake time when the ' +
      'caller\'s `generate` / `generateVideo` returned − the job\'s real end (no download time: the conductor has no storage ' +
      'here, the AI SDK\'s `download` returns at once). Both wait one interval before the first status request.',
    tables: [
      {
        header: ['polling', 'status requests / job (mean)', 'status requests total', 'lag mean s', 'lag p50 s', 'lag p95 s', 'lag max s'],
        rows,
      },
    ],
    notes: [
      `Ours vs peer, no hints: the conductor makes ${ratio(mean(ours.statusCalls), mean(fixed.statusCalls))}× the status requests of the fixed 5 s loop, with ${ratio(percentile(ours.lagMs, 95), percentile(fixed.lagMs, 95))}× its p95 lag (${ratio(mean(ours.lagMs), mean(fixed.lagMs))}× its mean lag): the same interval on average, so the same cost and lag. The ±20 % jitter spreads the requests of many jobs started together; it does not detect sooner, and its 6 s upper end is why the conductor's p95 and max lag can exceed 5 s.`,
      `When the provider hints the time left (\`retryAfterMs\` on a pending status, or \`Retry-After\` on a 429), the conductor sleeps that long instead of its interval: with an exact hint ${mean(exact.statusCalls).toFixed(1)} requests/job and a p95 lag of ${seconds(percentile(exact.lagMs, 95))} s; with a ±25 % estimate ${mean(estimate.statusCalls).toFixed(1)} requests/job and p95 ${seconds(percentile(estimate.lagMs, 95))} s (an over-estimate is paid in lag, an under-estimate in extra requests). The conductor caps a hint only by the call\'s deadline, not by its interval, so a provider that over-estimates delays detection by exactly its error.`,
      'The xAI adapter turns a `Retry-After` header of a status response into `retryAfterMs`; whether xAI sends one on pending jobs is not assumed here. The AI SDK\'s `VideoModelV4` status has no hint field, so its loop cannot use one.',
    ],
  };
}
