import { Worker } from 'node:worker_threads';

/** Peak resident set size seen by {@link createRssSampler}. */
export interface RssSamples {
  /** Highest RSS sampled, in bytes. */
  peakBytes: number;
  /** Number of samples taken. */
  samples: number;
}

// Runs in a worker thread, so sampling keeps its 20 ms pace even when the main thread is
// busy hashing. RSS is per process: the worker sees the whole process.
const samplerSource = `
const { parentPort, workerData } = require('node:worker_threads');
let peak = 0;
let samples = 0;
let timer;
const sample = () => {
  const rss = process.memoryUsage.rss();
  if (rss > peak) peak = rss;
  samples += 1;
};
parentPort.on('message', (message) => {
  if (message === 'start') {
    peak = 0;
    samples = 0;
    sample();
    timer = setInterval(sample, workerData.intervalMs);
    parentPort.postMessage('started');
  } else {
    clearInterval(timer);
    sample();
    parentPort.postMessage({ peakBytes: peak, samples });
  }
});
`;

/**
 * A sampler of `process.memoryUsage.rss()` in a worker thread, created before the baseline
 * is taken (so the worker's own memory is part of the baseline, not of the growth).
 * `start()` begins sampling every `intervalMs`; `stop()` returns the peak since `start()`.
 */
export async function createRssSampler(intervalMs = 20): Promise<{
  start: () => Promise<void>;
  stop: () => Promise<RssSamples>;
}> {
  const worker = new Worker(samplerSource, { eval: true, workerData: { intervalMs } });
  await new Promise<void>((resolve, reject) => {
    worker.once('online', () => resolve());
    worker.once('error', reject);
  });
  const reply = <T>(message: string) =>
    new Promise<T>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.postMessage(message);
    });
  return {
    start: async () => {
      await reply<string>('start');
    },
    stop: async () => {
      const samples = await reply<RssSamples>('stop');
      await worker.terminate();
      return samples;
    },
  };
}
