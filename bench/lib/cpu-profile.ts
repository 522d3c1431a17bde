import { Session } from 'node:inspector/promises';

/** Self time of one area of the code (see {@link areaOf}) in a profile. */
export interface ProfileArea {
  area: string;
  /** Sampled self time, in ms. */
  ms: number;
  /** Share of all sampled time, 0–1. */
  share: number;
}

/** Self time of one function. */
export interface ProfileFunction {
  /** `name (file:line)`, the file shortened to its last two path segments. */
  name: string;
  area: string;
  ms: number;
  share: number;
}

/** What {@link profileCpu} found: sampled time by area and the hottest functions. */
export interface ProfileSummary {
  /** All sampled time (the call, GC and idle gaps within it), in ms. */
  totalMs: number;
  areas: ProfileArea[];
  top: ProfileFunction[];
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

/**
 * Where a sample's self time belongs, from the function's script URL (and, for V8's own
 * entries and native functions, its name): our code, Node's fetch (undici, with its
 * WebAssembly HTTP parser), web streams, hashing (`Hash.update` runs natively), the file
 * system, validation, the AI SDK, Node's other internals, GC, or idle.
 */
export function areaOf(url: string, functionName: string): string {
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(idle)') return 'idle (waiting on I/O)';
  if (functionName === '(program)') return 'V8 / native (unattributed)';
  // Hash.update / Hash.digest run natively (OpenSSL) under those names.
  if (url === '' && (functionName === 'update' || functionName === 'digest')) return 'hashing (node:crypto)';
  if (url === '') return 'native built-ins';
  // The only WebAssembly on these paths is undici's HTTP parser (llhttp).
  if (url.startsWith('wasm')) return 'Node fetch (undici)';
  if (/\/node_modules\/zod\//.test(url)) return 'zod (request validation)';
  if (/\/node_modules\/(ai|@ai-sdk)\//.test(url)) return 'AI SDK';
  if (/\/node_modules\//.test(url)) return 'other dependencies';
  if (url.startsWith('node:internal/deps/undici') || url.includes('undici')) return 'Node fetch (undici)';
  if (url.startsWith('node:internal/webstreams')) return 'web streams';
  if (url.startsWith('node:internal/crypto') || url === 'node:crypto') return 'hashing (node:crypto)';
  if (url.startsWith('node:internal/fs') || url === 'node:fs') return 'file system';
  if (url.startsWith('node:')) return 'Node internals (other)';
  if (/\/(dist|src|adapters)\//.test(url)) return 'conductor (this package)';
  return 'benchmark harness';
}

/**
 * Runs `work` under V8's sampling CPU profiler (the inspector in this process, sampling
 * every `intervalMicros`) and sums self time per area and per function.
 */
export async function profileCpu(work: () => Promise<void>, options: { intervalMicros?: number; topFunctions?: number } = {}): Promise<ProfileSummary> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: options.intervalMicros ?? 250 });
    await session.post('Profiler.start');
    let failed = false;
    let failure: unknown;
    try {
      await work();
    } catch (error) {
      failed = true;
      failure = error;
    }
    const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
    await session.post('Profiler.disable');
    if (failed) throw failure;
    return summarize(profile, options.topFunctions ?? 8);
  } finally {
    session.disconnect();
  }
}

function summarize(profile: CpuProfile, topFunctions: number): ProfileSummary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // timeDeltas[i] is the time before sample i; it belongs to the previous sample's node.
  for (let index = 1; index < samples.length; index++) {
    const previous = samples[index - 1]!;
    selfMicros.set(previous, (selfMicros.get(previous) ?? 0) + Math.max(0, deltas[index] ?? 0));
  }
  let totalMicros = 0;
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, { area: string; micros: number }>();
  for (const [id, micros] of selfMicros) {
    const node = nodes.get(id);
    if (node === undefined) continue;
    totalMicros += micros;
    const { functionName, url, lineNumber } = node.callFrame;
    const area = areaOf(url, functionName);
    byArea.set(area, (byArea.get(area) ?? 0) + micros);
    const file = url === '' ? '' : ` (${url.split('/').slice(-2).join('/')}:${lineNumber + 1})`;
    const name = `${functionName || '(anonymous)'}${file}`;
    const entry = byFunction.get(name) ?? { area, micros: 0 };
    entry.micros += micros;
    byFunction.set(name, entry);
  }
  const share = (micros: number) => (totalMicros === 0 ? 0 : micros / totalMicros);
  return {
    totalMs: totalMicros / 1000,
    areas: [...byArea].map(([area, micros]) => ({ area, ms: micros / 1000, share: share(micros) })).sort((a, b) => b.ms - a.ms),
    top: [...byFunction]
      .filter(([, entry]) => entry.area !== 'idle (waiting on I/O)')
      .map(([name, entry]) => ({ name, area: entry.area, ms: entry.micros / 1000, share: share(entry.micros) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, topFunctions),
  };
}
