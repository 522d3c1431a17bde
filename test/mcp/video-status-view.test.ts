import { createVideoConductor, MemoryLedger } from '@ring/video-conductor';
import { createFakeTime, MemoryStorage, ScriptedVideoProvider, scriptedDone, scriptedPending } from '@ring/video-conductor/testing';
import { describe, expect, it } from 'vitest';
import { resultOfRecord, toVideoStatusView } from '../../adapters/mcp/video-status-view.js';
import { toVideoToolResult } from '../../adapters/mcp/video-tool-result.js';

function setup() {
  const time = createFakeTime();
  const provider = new ScriptedVideoProvider({
    jobs: (input) =>
      input.prompt.includes('moderated')
        ? { steps: [{ state: 'moderated', message: 'No.' }] }
        : { steps: [scriptedPending(50), scriptedDone({ usage: { costUsd: 0.4 } })] },
  });
  const ledger = new MemoryLedger({ clock: time.clock });
  const conductor = createVideoConductor({
    provider,
    storage: new MemoryStorage(),
    ledger,
    fetch: provider.fetch, urlPolicy: provider.urlPolicy,
    clock: time.clock,
    sleep: time.sleep,
    persistRetries: 0,
  });
  return { conductor, provider, ledger };
}

describe('ring-video-status view of a ledger row', () => {
  it('gives a succeeded row the very result ring-video-create answered (image upgrade and its warning included)', async () => {
    const { conductor } = setup();
    const result = await conductor.generate({ prompt: 'From an image', imageUrl: 'https://image.test/a.png', });
    const record = (await conductor.get(result.recordId))!;
    expect(resultOfRecord(record)).toEqual(toVideoToolResult(result));
    expect(toVideoToolResult(result).upgrades).toHaveLength(1);
  });

  it('gives a moderated row the moderated result', async () => {
    const { conductor } = setup();
    const result = await conductor.generate({ prompt: 'moderated please' });
    expect(result.success).toBe(false);
    expect(resultOfRecord((await conductor.get(result.recordId))!)).toEqual(toVideoToolResult(result));
  });

  it('gives a persist_failed row success: false, without the temporary URL, as generate answered it', async () => {
    const { conductor, provider } = setup();
    provider.failDownloads = 10;
    const result = await conductor.generate({ prompt: 'Not stored' });
    expect(result).toMatchObject({ success: false, status: 'persist_failed' });
    const record = (await conductor.get(result.recordId))!;
    const fromRecord = resultOfRecord(record)!;
    expect(fromRecord).toEqual(toVideoToolResult(result));
    expect(fromRecord).toMatchObject({ success: false, status: 'persist_failed', video: null, message: expect.stringContaining(`video-conductor resume ${result.recordId}`) });
    // The provider's temporary URL (its expiry unknown) is in neither the result nor the view.
    const view = toVideoStatusView(record);
    expect(view).not.toHaveProperty('temporaryUrl');
    expect(view.result).not.toHaveProperty('temporaryUrl');
    expect(view).toMatchObject({ url: null, urlExpiresAt: null });
  });

  it('shows the public fields only, and no result while the job runs', async () => {
    const { conductor } = setup();
    const submitted = await conductor.submit({ prompt: 'A private prompt', audit: { actorId: 'someone' }, metadata: { internal: 'x' } });
    const view = toVideoStatusView((await conductor.get(submitted.recordId))!);
    expect(view).toMatchObject({ recordId: submitted.recordId, status: 'submitted', done: false, requestId: submitted.requestId });
    expect(view).not.toHaveProperty('result');
    const json = JSON.stringify(view);
    for (const hidden of ['A private prompt', 'someone', 'internal', 'leaseOwner', 'idempotencyKey']) expect(json).not.toContain(hidden);
  });
});
