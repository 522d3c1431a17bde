import { type BenchmarkSection, mebibyte } from '../lib/benchmark-section.js';
import { measurePersists, type PersistMeasurement } from './measure-persist.js';

/** Options of {@link persistMemorySection}. */
export interface PersistMemoryOptions {
  /** Video sizes to persist, in MiB. */
  sizesMib: number[];
  onProgress?: (line: string) => void;
}

const growthMib = (measurement: PersistMeasurement) => (measurement.peakRssBytes - measurement.baselineRssBytes) / mebibyte;

/**
 * Benchmark 1: peak RSS growth of the conductor persisting into fs storage vs the AI SDK's
 * `experimental_generateVideo` downloading the same URL (then `writeFile`), each size and
 * each side in its own child process, from the same loopback server.
 */
export async function persistMemorySection(options: PersistMemoryOptions): Promise<BenchmarkSection> {
  const measurements = await measurePersists({
    runs: options.sizesMib.flatMap((sizeMib) =>
      (['fs', 'ai-sdk'] as const).map((target) => ({ target, sizeBytes: Math.round(sizeMib * mebibyte) })),
    ),
    onMeasured: (measurement) =>
      options.onProgress?.(
        `  ${measurement.target} ${measurement.sizeBytes / mebibyte} MiB: +${growthMib(measurement).toFixed(1)} MiB RSS, ${(measurement.durationMs / 1000).toFixed(1)} s`,
      ),
  });
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const sizeMib of options.sizesMib) {
    const sizeBytes = Math.round(sizeMib * mebibyte);
    const ours = measurements.find((measurement) => measurement.target === 'fs' && measurement.sizeBytes === sizeBytes)!;
    const peer = measurements.find((measurement) => measurement.target === 'ai-sdk' && measurement.sizeBytes === sizeBytes)!;
    rows.push([
      String(sizeMib),
      growthMib(ours).toFixed(1),
      growthMib(peer).toFixed(1),
      `${(growthMib(peer) / growthMib(ours)).toFixed(1)}×`,
      `${(growthMib(ours) / sizeMib).toFixed(2)} / ${(growthMib(peer) / sizeMib).toFixed(2)}`,
      `${(ours.baselineRssBytes / mebibyte).toFixed(0)} / ${(peer.baselineRssBytes / mebibyte).toFixed(0)}`,
      `${ours.ok ? 'yes' : 'NO'} / ${peer.ok ? 'yes' : 'NO'}`,
    ]);
  }
  if (measurements.some((measurement) => !measurement.ok)) notes.push('**sha256 mismatch**: some stored file differs from the served bytes; the run is invalid.');
  const ours = options.sizesMib.map((sizeMib) => growthMib(measurements.find((measurement) => measurement.target === 'fs' && measurement.sizeBytes === Math.round(sizeMib * mebibyte))!));
  const largest = Math.max(...options.sizesMib);
  const atLargest = ours[options.sizesMib.indexOf(largest)]!;
  // Flat: the largest size grows RSS no more than the smallest does, plus 16 MiB of noise.
  const flat = Math.max(...ours) <= Math.min(...ours) + 16;
  return {
    id: 'persist-memory',
    headlines: [
      {
        metric: `peak RSS growth persisting ${largest} MiB, conductor → fs (1)`,
        value: `${atLargest.toFixed(1)} MiB (${ours.map((growth) => growth.toFixed(0)).join(' / ')} MiB at ${options.sizesMib.join(' / ')} MiB)`,
        target: '≤ 64 MiB, flat in size',
        met: atLargest <= 64 && flat,
      },
    ],
    title: '1. Peak RSS growth while persisting a video',
    description:
      `Sizes ${options.sizesMib.join(' / ')} MiB, served by a loopback HTTP server in the parent. Each cell is one fresh child ` +
      'process: a 1 MiB warm-up, forced GC, baseline RSS, then the persist while a worker thread samples RSS every 20 ms. ' +
      '**conductor → fs**: `conductor.generate` (given an `AbortSignal`, as the CLI gives one) with a scripted job whose temporary URL is the loopback URL, persisted by the ' +
      'real path (fetch → pull-based sha256 stream → fs storage: temporary file, fsync, rename). **AI SDK**: ' +
      '`experimental_generateVideo` with a minimal `VideoModelV4` whose result is `{ type: "url" }` for the same bytes, ' +
      'downloaded by the SDK\'s default `createDownload()` (its `fetch` hook routes the public-looking host to the loopback ' +
      'server, because the SDK refuses loopback URLs), then `writeFile(result.video.uint8Array)`. Every file is read back and its sha256 checked.',
    tables: [
      {
        header: [
          'size MiB',
          'conductor → fs: peak RSS growth MiB',
          'AI SDK + writeFile: peak RSS growth MiB',
          'AI SDK ÷ conductor',
          'growth ÷ size (conductor / AI SDK)',
          'baseline RSS MiB (conductor / AI SDK)',
          'sha256 ok',
        ],
        rows,
      },
    ],
    notes: [
      ...notes,
      'Growth includes garbage not yet collected (no forced GC during the persist), so the conductor\'s number is "chunks in flight + what V8 has not reclaimed yet"; the point is whether it grows with the size.',
      'The AI SDK reads the body into a list of chunks and then copies them into one `Uint8Array` (`readResponseWithSizeLimit` in `@ai-sdk/provider-utils`), so about twice the video is resident at the peak; its default download limit is 2 GiB.',
    ],
  };
}
