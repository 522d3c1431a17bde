/**
 * Offline demo: one real video through the whole path, with the embedded defaults and no keys.
 *
 *   local provider (real MP4s over loopback HTTP) → fs storage under ./.video-conductor/media
 *   → PGlite ledger under ./.video-conductor/ledger (created and migrated on first run)
 *
 * It prints the result and the ledger row, then checks that the stored file hashes to the
 * row's sha256. Each run adds a row. Only `VIDEO_CONDUCTOR_HOME` is read from the environment
 * (to move ./.video-conductor): DATABASE_URL, S3 and xAI settings are ignored on purpose, so
 * the demo never touches a real service.
 *
 * Run: npm run demo   (or: npx tsx examples/demo.ts)
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { VideoConductorError } from '@ring/video-conductor';
import { createVideoConductorFromEnv } from '@ring/video-conductor/cli';

const environment = await createVideoConductorFromEnv({ VIDEO_CONDUCTOR_HOME: process.env.VIDEO_CONDUCTOR_HOME }, { provider: 'local' });
const { conductor, ledger, description } = environment;
console.log(`provider ${description.provider}, storage ${description.storage}, ledger ${description.ledger}`);

try {
  const request = {
    prompt: 'A drone shot over Kyiv at dawn, slow push-in',
    durationSec: 6,
    aspectRatio: '9:16',
    audit: { actorId: 'demo', clipId: 'intro' },
  };
  const plan = conductor.estimate(request);
  console.log(`plan: ${plan.qualityMode} ${plan.model} ${plan.resolution}, ${plan.durationSec}s ${plan.aspectRatio}, ~$${plan.estimatedCostUsd} on xAI`);

  const result = await conductor.generate(request, {
    onEvent: (event) => console.log(`  ${event.type}${event.type === 'progress' ? ` ${event.status} ${event.progress ?? '?'}%` : ''}`),
  });
  if (!result.success) throw new Error(`unexpected ${result.status}: ${result.message}`);
  console.log(`stored: ${result.video.url} (${result.sizeBytes} bytes, sha256 ${result.sha256})`);

  const row = await ledger.get(result.recordId);
  if (row === null) throw new Error(`no ledger row ${result.recordId}`);
  console.log(`ledger: ${row.status} ${row.id} request ${row.requestId} estimated $${row.estimatedCostUsd}, reported $${row.actualCostUsd}`);
  console.log(JSON.stringify(row, null, 2));

  const bytes = await readFile(fileURLToPath(result.video.url));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== row.sha256 || bytes.byteLength !== row.sizeBytes) {
    throw new Error(`the stored file (sha256 ${sha256}, ${bytes.byteLength} bytes) does not match the ledger row (${row.sha256}, ${row.sizeBytes} bytes)`);
  }
  const { records } = await ledger.list({ audit: { actorId: 'demo' }, limit: 1000 });
  console.log(`verified: the stored file's sha256 matches the ledger row (${records.length} demo row${records.length === 1 ? '' : 's'} so far)`);
} catch (error) {
  console.error(VideoConductorError.isInstance(error) ? `failed: ${error.code} ${error.message}` : error);
  process.exitCode = 1;
} finally {
  await environment.close();
}
