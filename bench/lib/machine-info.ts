import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg, totalmem } from 'node:os';

/** Describes the machine a run happened on, for the top of RESULTS.md. */
export interface MachineInfo {
  /** CPU model from /proc/cpuinfo (`model name`), or `os.cpus()` elsewhere. */
  cpuModel: string;
  /** Logical cores available to Node. */
  cores: number;
  /** Total memory in GiB. */
  memoryGiB: number;
  nodeVersion: string;
  /** 1-minute load average. */
  loadAverage: number;
}

function cpuModelName(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((candidate) => candidate.startsWith('model name'));
    const model = line?.split(':')[1]?.trim();
    if (model) return model;
  } catch {
    // Not Linux: fall through.
  }
  return 'unknown';
}

export function machineInfo(): MachineInfo {
  return {
    cpuModel: cpuModelName(),
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    nodeVersion: process.version,
    loadAverage: loadavg()[0] ?? 0,
  };
}
