import { createVideoConductor, type VideoConductorEvent, type VideoConductorOptions } from '@ring/video-conductor';
import {
  createFakeTime,
  MemoryLedger,
  MemoryStorage,
  ScriptedImageProvider,
  ScriptedVideoProvider,
  type ScriptedVideoProviderOptions,
} from '@ring/video-conductor/testing';

/** A conductor over memory adapters and fake time, with everything a test inspects. */
export function createHarness(
  options: { provider?: ScriptedVideoProviderOptions; conductor?: Partial<VideoConductorOptions>; storage?: boolean } = {},
) {
  const time = createFakeTime();
  const provider = new ScriptedVideoProvider(options.provider);
  const imageProvider = new ScriptedImageProvider();
  const storage = new MemoryStorage();
  const ledger = new MemoryLedger({ clock: time.clock });
  let ids = 0;
  const conductor = createVideoConductor({
    provider,
    imageProvider,
    storage: options.storage === false ? undefined : storage,
    ledger,
    fetch: provider.fetch, urlPolicy: provider.urlPolicy,
    clock: time.clock,
    sleep: time.sleep,
    random: () => 0.5,
    generateId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
    ...options.conductor,
  });
  const events: VideoConductorEvent[] = [];
  return { conductor, provider, imageProvider, storage, ledger, time, events, onEvent: (event: VideoConductorEvent) => events.push(event) };
}

/** Resolves with the rejection of `promise` (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}
