import { createVideoConductor, MemoryLedger, type VideoConductor } from '@ring/video-conductor';
import { MemoryStorage, ScriptedVideoProvider, scriptedDone, scriptedPending, type VideoJobScript } from '@ring/video-conductor/testing';

/** Prompt marker: the provider's moderation blocks the video after one poll. */
export const moderatedMarker = '[moderated]';
/** Prompt marker: the job never finishes (for aborts). */
export const endlessMarker = '[endless]';

/** Provider progress of an ordinary job, poll by poll, before it is done. */
export const scriptedProgress = [10, 40, 70];

/** The script of a job, chosen by markers in its prompt. */
function scriptFor(prompt: string): VideoJobScript {
  if (prompt.includes(moderatedMarker)) {
    return { steps: [scriptedPending(30), { state: 'moderated', message: 'Blocked by the scripted moderation' }] };
  }
  if (prompt.includes(endlessMarker)) return { steps: [scriptedPending(5)] };
  return { steps: [...scriptedProgress.map((progress) => scriptedPending(progress)), scriptedDone({ usage: { costUsd: 0.3 } })] };
}

/** A conductor over the /testing adapters, polling every 20 ms of real time. */
export interface McpTestConductor {
  conductor: VideoConductor;
  provider: ScriptedVideoProvider;
  storage: MemoryStorage;
  ledger: MemoryLedger;
}

/**
 * The conductor the MCP tests (and the stdio fixture process) serve: scripted jobs whose
 * outcome the prompt chooses, videos served by the provider's own `fetch`, memory storage and
 * ledger. Real time, short intervals: the MCP transports under test run on real timers anyway.
 */
export function createMcpTestConductor(): McpTestConductor {
  const provider = new ScriptedVideoProvider({ jobs: (input) => scriptFor(input.prompt) });
  const storage = new MemoryStorage();
  const ledger = new MemoryLedger();
  const conductor = createVideoConductor({
    provider,
    storage,
    ledger,
    fetch: provider.fetch, urlPolicy: provider.urlPolicy,
    polling: { intervalMs: 20, jitter: 0, timeoutMs: 20_000 },
  });
  return { conductor, provider, storage, ledger };
}
