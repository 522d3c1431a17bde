import type { BenchmarkSection } from '../lib/benchmark-section.js';
import { forkChild } from '../lib/fork-child.js';
import { profileComparison } from '../lib/profile-tables.js';
import { median } from '../lib/stats.js';
import type { CpuReport, CpuRequest } from './run-jobs.js';

/** Options of {@link orchestrationCpuSection}. */
export interface OrchestrationCpuOptions {
  /** Jobs per measured round. */
  jobs: number;
  /** Jobs run first and not measured (JIT, caches). */
  warmupJobs: number;
  /** Measured rounds per target; the table shows the median round. */
  rounds: number;
  onProgress?: (line: string) => void;
}

const videoBytes = 4096;

const labels: Record<CpuRequest['target'], string> = {
  conductor: 'conductor + ScriptedVideoProvider + MemoryStorage + MemoryLedger',
  'conductor-minimal': 'conductor + minimal provider (as small as the AI SDK mock) + MemoryStorage + MemoryLedger',
  'ai-sdk-binary': 'AI SDK `experimental_generateVideo`, mock returns the bytes',
  'ai-sdk-url': 'AI SDK `experimental_generateVideo`, mock returns a URL, in-memory download',
};

/**
 * Benchmark 4: CPU per job of the orchestration alone (memory adapters, fake time, 4 KiB
 * videos): the conductor vs the AI SDK over a mock model, each in its own child process.
 */
export async function orchestrationCpuSection(options: OrchestrationCpuOptions): Promise<BenchmarkSection> {
  const reports: CpuReport[] = [];
  for (const target of Object.keys(labels) as CpuRequest['target'][]) {
    const report = await forkChild<CpuRequest, CpuReport>(
      new URL('./run-jobs.ts', import.meta.url),
      { target, jobs: options.jobs, warmupJobs: options.warmupJobs, rounds: options.rounds, videoBytes, profile: target === 'conductor-minimal' || target === 'ai-sdk-url' },
      `orchestration-cpu ${target}`,
    );
    reports.push(report);
    options.onProgress?.(`  ${target}: ${median(report.rounds.map((round) => round.cpuMicrosPerJob)).toFixed(0)} µs CPU/job`);
  }
  const cpuOf = (target: CpuRequest['target']) => median(reports.find((report) => report.target === target)!.rounds.map((round) => round.cpuMicrosPerJob));
  const peer = cpuOf('ai-sdk-url');
  const rows = reports.map((report) => {
    const cpu = report.rounds.map((round) => round.cpuMicrosPerJob);
    return [
      labels[report.target],
      median(cpu).toFixed(0),
      `${Math.min(...cpu).toFixed(0)}–${Math.max(...cpu).toFixed(0)}`,
      median(report.rounds.map((round) => round.wallMicrosPerJob)).toFixed(0),
      (median(cpu) / peer).toFixed(2),
    ];
  });
  const writes = reports.find((report) => report.target === 'conductor-minimal')?.ledgerWrites;
  const writesPerJob = writes === undefined ? Number.NaN : writes.insertsPerJob + writes.updatesPerJob;
  const writeRows = reports
    .filter((report) => report.ledgerWrites !== undefined)
    .map((report) => {
      const { insertsPerJob, updatesPerJob, updatedStatuses } = report.ledgerWrites!;
      return [labels[report.target], (insertsPerJob + updatesPerJob).toFixed(2), insertsPerJob.toFixed(2), updatesPerJob.toFixed(2), ['insert (pending)', ...updatedStatuses].join(' → ')];
    });
  const minimalRatio = cpuOf('conductor-minimal') / peer;
  const profiled = (['conductor-minimal', 'ai-sdk-url'] as const).map((target) => ({ target, profile: reports.find((report) => report.target === target)?.profile }));
  const profileTables = profileComparison(
    profiled.flatMap(({ target, profile }) => (profile === undefined ? [] : [{ label: target === 'conductor-minimal' ? 'conductor (minimal provider)' : 'AI SDK (URL)', profile, perJobs: options.jobs }])),
  );
  return {
    id: 'orchestration-cpu',
    title: '4. Orchestration CPU per job',
    description:
      `Each row is one child process: ${options.warmupJobs} warm-up jobs, then ${options.rounds} round(s) of ${options.jobs} jobs run one after another ` +
      `(forced GC before each round); CPU = \`process.cpuUsage()\` user + system of the whole process over the round ÷ jobs. Every job: submit, ` +
      `one \`pending\` status, one \`done\` status, a ${videoBytes / 1024} KiB video, fake time (no real waiting). The conductor also validates and ` +
      `resolves the request against the presets, writes the ledger row ${Number.isFinite(writesPerJob) ? `${writesPerJob.toFixed(0)} times (second table)` : '(second table)'}, hashes and checks the MP4 signature while streaming the video into storage. ` +
      'The second table counts the ledger writes (`insert` and `update` calls on a counting `MemoryLedger`) over the measured jobs, and lists the statuses the updates of the last job set (`-`: an update that sets no status).',
    tables: [
      {
        header: ['path', 'CPU µs / job (median round)', 'CPU µs range', 'wall µs / job', 'CPU ÷ AI SDK (URL)'],
        rows,
      },
      {
        header: ['path', 'ledger writes / successful job', 'inserts / job', 'updates / job', 'writes of one job'],
        rows: writeRows,
      },
      ...profileTables,
    ],
    headlines: [
      { metric: 'orchestration CPU per job, conductor (minimal provider) ÷ AI SDK URL path (4)', value: `${minimalRatio.toFixed(2)}×`, target: '≤ 1.0×', met: minimalRatio <= 1 },
      { metric: 'ledger writes per successful job (4)', value: Number.isFinite(writesPerJob) ? writesPerJob.toFixed(0) : 'n/a', target: '≤ 3 (4 if a crash test needs it)', met: writesPerJob <= 3 },
    ],
    notes: [
      `Ours vs peer: the conductor with the minimal provider costs ${minimalRatio.toFixed(2)}× the AI SDK's URL path per job (${(cpuOf('conductor-minimal') / cpuOf('ai-sdk-binary')).toFixed(2)}× its bytes path). Either way it is CPU microseconds against a video job that takes minutes and costs cents.`,
      'Where the time goes (third and fourth tables): one extra round of each profiled path under V8\'s sampling profiler (250 µs), self time summed by area of the code and per function, in µs per job. The profiler slows what it measures, so compare the shares, not the totals with the first table.',
      'The ScriptedVideoProvider row includes the test double\'s own bookkeeping (it records every call and copies every status with `structuredClone`); the minimal-provider row is the fairer comparison with the AI SDK mock.',
    ],
  };
}
