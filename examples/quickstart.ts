/**
 * Quick start: one video, end to end, with no network and no keys.
 *
 * The scripted provider and memory adapters stand in for xAI, S3 and Postgres; swap them
 * for `@ring/video-conductor/xai`, `/s3` (or `/fs`) and `/postgres` and nothing else changes.
 *
 * Run: npx tsx examples/quickstart.ts
 */
import { createVideoConductor, VideoConductorError } from '@ring/video-conductor';
import { MemoryLedger, MemoryStorage, ScriptedVideoProvider, scriptedDone, scriptedPending } from '@ring/video-conductor/testing';

const provider = new ScriptedVideoProvider({
  jobs: [{ steps: [scriptedPending(25), scriptedPending(75), scriptedDone({ usage: { costUsd: 0.3 } })] }],
});
const ledger = new MemoryLedger();
const conductor = createVideoConductor({
  provider,
  storage: new MemoryStorage(),
  ledger,
  fetch: provider.fetch, // the scripted provider serves its own MP4s
  urlPolicy: provider.urlPolicy, // ...from made-up host names: resolve them to a public test address
  polling: { intervalMs: 100 },
});

const request = {
  prompt: 'A drone shot over Kyiv at dawn, slow push-in',
  qualityMode: 'draft',
  durationSec: 6,
  aspectRatio: '9:16',
  audit: { actorId: 'quickstart', clipId: 'intro' },
};

const plan = conductor.estimate(request);
console.log(`plan: ${plan.qualityMode} ${plan.model} ${plan.resolution}, ${plan.durationSec}s, ~$${plan.estimatedCostUsd}`);

try {
  const result = await conductor.generate(request, {
    onEvent: (event) => {
      if (event.type === 'progress') console.log(`  ${event.status} ${event.progress ?? '?'}%`);
      else console.log(`  ${event.type}`);
    },
  });
  if (result.success) {
    console.log(`stored: ${result.video.url} (${result.sizeBytes} bytes, sha256 ${result.sha256})`);
    const row = await ledger.get(result.recordId);
    console.log(`ledger: ${row?.status} request ${row?.requestId} cost $${row?.actualCostUsd}`);
  } else {
    // moderated, or persist_failed (made but not stored: conductor.persist(result.recordId) stores it)
    console.log(`${result.status}: ${result.message}`);
  }
} catch (error) {
  if (VideoConductorError.isInstance(error)) console.error(`failed: ${error.code} ${error.message}`);
  throw error;
}
