/**
 * Child process of the orchestration-cpu benchmark: runs small jobs one after another on
 * fake time and reports the CPU time (`process.cpuUsage()`, user + system, every thread of
 * the process) they took, after a warm-up. One target per process.
 */
import type { Experimental_VideoModelV4 as VideoModelV4 } from '@ai-sdk/provider';
import { createVideoConductor, type VideoProvider } from '@ring/video-conductor';
import {
  createFakeTime,
  createTestMp4,
  createVideoResponse,
  MemoryLedger,
  MemoryStorage,
  publicTestLookup,
  ScriptedVideoProvider,
} from '@ring/video-conductor/testing';
import { profileCpu, type ProfileSummary } from '../lib/cpu-profile.js';
import { collectGarbage } from '../lib/fork-child.js';

/** What the parent asks for (JSON in argv[2]). */
export interface CpuRequest {
  /**
   * `conductor`: conductor + ScriptedVideoProvider + MemoryStorage + MemoryLedger.
   * `conductor-minimal`: the same with a bare provider as small as the AI SDK mock.
   * `ai-sdk-binary`: `experimental_generateVideo` over a start/status mock whose result is the bytes.
   * `ai-sdk-url`: the same with a URL result, downloaded through `createDownload({ fetch })` from memory.
   */
  target: 'conductor' | 'conductor-minimal' | 'ai-sdk-binary' | 'ai-sdk-url';
  jobs: number;
  warmupJobs: number;
  rounds: number;
  videoBytes: number;
  /** After the measured rounds, run one more round under the CPU profiler and report where the time went. */
  profile?: boolean;
}

/** One measured round. */
export interface CpuRound {
  /** User + system CPU per job, in µs. */
  cpuMicrosPerJob: number;
  /** Wall time per job, in µs. */
  wallMicrosPerJob: number;
}

/** What the child reports back over IPC. */
export interface CpuReport {
  target: CpuRequest['target'];
  rounds: CpuRound[];
  /** Conductor targets: ledger writes (`insert` + `update` calls) per successful job, counted over the measured rounds. */
  ledgerWrites?: { insertsPerJob: number; updatesPerJob: number; updatedStatuses: string[] };
  /** With `profile`: one extra round of `jobs` under the sampling profiler (not part of `rounds`). */
  profile?: ProfileSummary;
}

/** A MemoryLedger that counts the writes the conductor makes (the bookkeeping costs a few ns). */
class CountingLedger extends MemoryLedger {
  inserts = 0;
  updates = 0;
  /** The `status` of each update patch of the last job (`-` when the patch sets none). */
  lastJobStatuses: string[] = [];

  override async insert(...args: Parameters<MemoryLedger['insert']>): ReturnType<MemoryLedger['insert']> {
    this.inserts += 1;
    this.lastJobStatuses = [];
    return super.insert(...args);
  }

  override async update(...args: Parameters<MemoryLedger['update']>): ReturnType<MemoryLedger['update']> {
    this.updates += 1;
    this.lastJobStatuses.push(args[1].status ?? '-');
    return super.update(...args);
  }
}

/** Every job: one submit, one `pending` status, one `done` status, then the video. */
function minimalProvider(video: Uint8Array): VideoProvider & { fetch: typeof fetch } {
  const polls = new Map<string, number>();
  let next = 0;
  return {
    specificationVersion: 'v1',
    id: 'minimal',
    capabilities: {
      textToVideo: true,
      imageToVideo: true,
      edit: false,
      extend: false,
      cancel: false,
      durations: { min: 1, max: 15 },
      resolutions: ['480p', '720p'],
      aspectRatios: ['16:9', '9:16', '1:1', '4:3', '3:4', '3:2', '2:3'],
    },
    async submit() {
      const requestId = `job-${++next}`;
      polls.set(requestId, 0);
      return { requestId };
    },
    async getStatus(requestId) {
      const count = (polls.get(requestId) ?? 0) + 1;
      polls.set(requestId, count);
      return count < 2 ? { state: 'pending', progress: 50 } : { state: 'done', video: { url: `https://minimal.video.test/${requestId}.mp4` } };
    },
    fetch: async () => createVideoResponse(video),
  };
}

/** A start/status model: one `pending`, then `completed` with the video as bytes or as a URL. */
function mockVideoModel(video: Uint8Array, result: 'binary' | 'url'): VideoModelV4 {
  const response = () => ({ timestamp: new Date(), modelId: 'mock', headers: undefined });
  const polls = new Map<string, number>();
  let next = 0;
  return {
    specificationVersion: 'v4',
    provider: 'bench',
    modelId: 'mock',
    maxVideosPerCall: 1,
    async doStart() {
      const id = `job-${++next}`;
      polls.set(id, 0);
      return { operation: { id }, warnings: [], response: response() };
    },
    async doStatus({ operation }) {
      const id = (operation as { id: string }).id;
      const count = (polls.get(id) ?? 0) + 1;
      polls.set(id, count);
      if (count < 2) return { status: 'pending', response: response() };
      return {
        status: 'completed',
        videos: [
          result === 'binary'
            ? { type: 'binary', data: video, mediaType: 'video/mp4' }
            : { type: 'url', url: `https://mock.video.test/${id}.mp4`, mediaType: 'video/mp4' },
        ],
        warnings: [],
        response: response(),
      };
    },
  };
}

async function createJob(request: CpuRequest): Promise<{ run: () => Promise<unknown>; ledger?: CountingLedger }> {
  const video = createTestMp4(request.videoBytes);
  const time = createFakeTime();
  if (request.target === 'conductor' || request.target === 'conductor-minimal') {
    const provider = request.target === 'conductor' ? new ScriptedVideoProvider({ videoBytes: video }) : minimalProvider(video);
    const ledger = new CountingLedger({ clock: time.clock });
    const conductor = createVideoConductor({
      provider,
      storage: new MemoryStorage(),
      ledger,
      clock: time.clock,
      sleep: time.sleep,
      fetch: provider.fetch,
      urlPolicy: { lookup: publicTestLookup },
    });
    return {
      ledger,
      run: async () => {
        const result = await conductor.generate({ prompt: 'orchestration-cpu benchmark', durationSec: 6 });
        if (!result.success || result.sizeBytes !== video.byteLength) throw new Error(`unexpected result ${JSON.stringify(result)}`);
      },
    };
  }
  const { createDownload, experimental_generateVideo } = await import('ai');
  const model = mockVideoModel(video, request.target === 'ai-sdk-binary' ? 'binary' : 'url');
  const download = createDownload({ fetch: async () => createVideoResponse(video) });
  return {
    run: async () => {
      const result = await experimental_generateVideo({
        model,
        prompt: 'orchestration-cpu benchmark',
        duration: 6,
        poll: { intervalMs: 5000, delay: (ms) => time.sleep(ms) },
        download,
      });
      if (result.video.uint8Array.byteLength !== video.byteLength) throw new Error('unexpected video size');
    },
  };
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as CpuRequest;
  const { run: job, ledger } = await createJob(request);
  for (let index = 0; index < request.warmupJobs; index++) await job();
  const [insertsBefore, updatesBefore] = [ledger?.inserts ?? 0, ledger?.updates ?? 0];
  const rounds: CpuRound[] = [];
  for (let round = 0; round < request.rounds; round++) {
    await collectGarbage();
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    for (let index = 0; index < request.jobs; index++) await job();
    const wallMs = performance.now() - wallBefore;
    const cpu = process.cpuUsage(cpuBefore);
    rounds.push({ cpuMicrosPerJob: (cpu.user + cpu.system) / request.jobs, wallMicrosPerJob: (wallMs * 1000) / request.jobs });
  }
  const measuredJobs = request.jobs * request.rounds;
  const [insertsAfter, updatesAfter] = [ledger?.inserts ?? 0, ledger?.updates ?? 0];
  let profile: ProfileSummary | undefined;
  if (request.profile === true) {
    await collectGarbage();
    profile = await profileCpu(async () => {
      for (let index = 0; index < request.jobs; index++) await job();
    });
  }
  const report: CpuReport = {
    target: request.target,
    rounds,
    ...(profile === undefined ? {} : { profile }),
    ...(ledger === undefined
      ? {}
      : {
          ledgerWrites: {
            insertsPerJob: (insertsAfter - insertsBefore) / measuredJobs,
            updatesPerJob: (updatesAfter - updatesBefore) / measuredJobs,
            updatedStatuses: ledger.lastJobStatuses,
          },
        }),
  };
  process.send!(report);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
