import { createVideoConductor, type Storage, type StoredObject } from '@ring/video-conductor';
import { MemoryLedger, ScriptedVideoProvider, scriptedDone } from '@ring/video-conductor/testing';

/** What one persist produced. */
export interface PersistOutcome {
  stored: StoredObject;
  /** Hex sha256 of the downloaded bytes, as the conductor computed it while they streamed to storage. */
  sha256: string;
  /** Bytes downloaded. */
  sizeBytes: number;
}

/**
 * Persists the video at `url` through the conductor itself: a scripted provider job that
 * finishes at once with `url` as its temporary URL, then the conductor's real persist path
 * (fetch → pull-based sha256/size stream → `storage.put`) and ledger updates. The record id
 * is chosen so the video lands exactly under `key` (which must end in `.mp4`).
 */
export async function persistThroughConductor(input: { url: string; storage: Storage; key: string }): Promise<PersistOutcome> {
  const slash = input.key.lastIndexOf('/');
  const keyPrefix = input.key.slice(0, slash + 1);
  const recordId = input.key.slice(slash + 1).replace(/\.mp4$/, '');
  const provider = new ScriptedVideoProvider({ jobs: [{ steps: [scriptedDone({ video: { url: input.url } })] }] });
  const conductor = createVideoConductor({
    provider,
    storage: input.storage,
    ledger: new MemoryLedger(),
    keyPrefix,
    generateId: () => recordId,
    polling: { intervalMs: 0 },
    // The byte server is plain HTTP on loopback; the URL policy is still checked on every hop.
    urlPolicy: { allowHttp: true, allowPrivateAddresses: true },
  });
  // With a signal, as the CLI and most servers call it: the storage then watches it while it writes.
  const result = await conductor.generate({ prompt: 'persist-memory benchmark' }, { signal: new AbortController().signal });
  if (!result.success || !result.video.persisted || result.sha256 === null || result.sizeBytes === null) {
    throw new Error(`the conductor did not persist the video: ${JSON.stringify(result)}`);
  }
  const stored = await input.storage.head(result.video.storageKey!);
  return {
    stored: stored ?? { key: result.video.storageKey!, url: result.video.url, size: result.sizeBytes },
    sha256: result.sha256,
    sizeBytes: result.sizeBytes,
  };
}
