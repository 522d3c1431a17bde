import { describe, expect, it } from 'vitest';
import { BudgetExceededError, createVideoConductor, InvalidRequestError, type VideoPresets } from '@ring/video-conductor';
import { createHarness, rejectionOf } from './conductor-harness.js';

/** `reserve` writes a `queued` row ahead of its run; submit / generate / resume take it. */
describe('conductor.reserve: a queued row, nothing spent', () => {
  it('writes a queued row with the plan and estimate, calls no provider, and keeps the request to run it from', async () => {
    const h = createHarness();
    const reserved = await h.conductor.reserve({
      prompt: 'A fox in the snow',
      durationSec: 6,
      idempotencyKey: 'fox-1',
      audit: { actorId: 'alice' },
      metadata: { campaign: 'winter' },
    });
    expect(reserved).toMatchObject({ created: true, plan: { durationSec: 6, estimatedCostUsd: 0.3 } });
    expect(h.provider.calls).toEqual([]);
    const row = await h.ledger.get(reserved.recordId);
    expect(row).toMatchObject({
      status: 'queued',
      requestId: null,
      idempotencyKey: 'fox-1',
      estimatedCostUsd: 0.3,
      durationSec: 6,
      audit: { actorId: 'alice' },
      metadata: { campaign: 'winter' },
    });
    // The request (without the fields the row holds itself) waits in the conductor's notes.
    expect(row!.conductor).toMatchObject({ request: { prompt: 'A fox in the snow', durationSec: 6 } });
    expect(row!.conductor!.request).not.toHaveProperty('audit');

    // A second reserve of the key writes nothing.
    const again = await h.conductor.reserve({ prompt: 'A fox in the snow', durationSec: 6, idempotencyKey: 'fox-1' });
    expect(again).toMatchObject({ created: false, recordId: reserved.recordId });
    expect((await h.ledger.list({})).records).toHaveLength(1);
  });

  it('refuses an invalid request with a typed error naming the field, writing nothing', async () => {
    const h = createHarness();
    const error = await rejectionOf(h.conductor.reserve({ prompt: 'x', durationSec: 99 }));
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ field: 'durationSec' });
    expect((await h.ledger.list({})).records).toEqual([]);
  });

  it('counts a queued row in the budgets from the moment it is written', async () => {
    const h = createHarness({ conductor: { budget: { maxUsdPerDay: 1 } } });
    await h.conductor.reserve({ prompt: 'a', idempotencyKey: 'a' }); // 8 s draft: 0.4 USD
    await h.conductor.reserve({ prompt: 'b', idempotencyKey: 'b' });
    const error = await rejectionOf(h.conductor.reserve({ prompt: 'c', idempotencyKey: 'c' }));
    expect(BudgetExceededError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ budget: 'maxUsdPerDay', requestedUsd: 1.2 });
    expect(await rejectionOf(h.conductor.generate({ prompt: 'd' }))).toMatchObject({ budget: 'maxUsdPerDay' });
    expect((await h.ledger.list({})).records.map((row) => row.idempotencyKey).sort()).toEqual(['a', 'b']);
    expect(h.provider.calls).toEqual([]);
  });

  it('is left alone by recover(), and resume(id) runs it to a stored video with one submit', async () => {
    const h = createHarness();
    const { recordId } = await h.conductor.reserve({ prompt: 'later', durationSec: 4, idempotencyKey: 'later-1' });
    h.time.advance(3_600_000);
    expect(await h.conductor.recover({ staleAfterMs: 1 })).toEqual({ claimed: 0, outcomes: [] });
    expect((await h.ledger.get(recordId))!.status).toBe('queued');

    const result = await h.conductor.resume(recordId);
    expect(result).toMatchObject({ success: true, status: 'succeeded', recordId });
    expect(h.provider.submitCount).toBe(1);
    expect(h.provider.calls[0]!.input).toMatchObject({ prompt: 'later', durationSec: 4 });
    const row = await h.ledger.get(recordId);
    expect(row).toMatchObject({ status: 'succeeded', idempotencyKey: 'later-1' });
    expect(row!.conductor).not.toHaveProperty('request');
    expect(h.storage.keys()).toHaveLength(1);
  });

  it('is taken by submit() with the same idempotency key, planned from the queued request', async () => {
    const h = createHarness();
    const { recordId } = await h.conductor.reserve({ prompt: 'queued prompt', durationSec: 5, idempotencyKey: 'k-1' });
    const submitted = await h.conductor.submit({ prompt: 'queued prompt', durationSec: 5, idempotencyKey: 'k-1' });
    expect(submitted.recordId).toBe(recordId);
    expect((await h.ledger.get(recordId))).toMatchObject({ status: 'submitted', requestId: submitted.requestId });
    // A second submit of the key (a redelivered queue job) pays nothing.
    expect(await h.conductor.submit({ prompt: 'queued prompt', durationSec: 5, idempotencyKey: 'k-1' })).toMatchObject({ recordId, requestId: submitted.requestId });
    expect(h.provider.submitCount).toBe(1);
  });

  it('submits once when two callers take the same queued row at once', async () => {
    const h = createHarness();
    const { recordId } = await h.conductor.reserve({ prompt: 'race', idempotencyKey: 'race-1' });
    const settled = await Promise.allSettled([h.conductor.resume(recordId), h.conductor.generate({ prompt: 'race', idempotencyKey: 'race-1' })]);
    expect(h.provider.submitCount).toBe(1);
    expect(settled.some((entry) => entry.status === 'fulfilled' && entry.value.success)).toBe(true);
    expect((await h.ledger.get(recordId))!.status).toBe('succeeded');
  });

  it('cancel() closes a queued row without asking the provider', async () => {
    const h = createHarness();
    const { recordId } = await h.conductor.reserve({ prompt: 'never mind', idempotencyKey: 'nm' });
    const cancelled = await h.conductor.cancel(recordId);
    expect(cancelled).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED', step: 'submit' } });
    expect(h.provider.calls).toEqual([]);
    // Running the key now reports the cancellation instead of paying.
    expect(await rejectionOf(h.conductor.generate({ prompt: 'never mind', idempotencyKey: 'nm' }))).toMatchObject({ code: 'CANCELLED' });
    expect(h.provider.submitCount).toBe(0);
  });

  it('ends the row failed, saying why, when its request no longer plans with the presets of the conductor that runs it', async () => {
    const h = createHarness();
    const { recordId } = await h.conductor.reserve({ prompt: 'old mode', qualityMode: 'production', idempotencyKey: 'old' });
    const onlyDraft: VideoPresets = { ...h.conductor.presets, qualityModes: { draft: h.conductor.presets.qualityModes.draft! }, defaultQualityMode: 'draft' };
    const later = createVideoConductor({ provider: h.provider, ledger: h.ledger, storage: h.storage, presets: onlyDraft, fetch: h.provider.fetch, urlPolicy: h.provider.urlPolicy });
    const error = await rejectionOf(later.resume(recordId));
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect(await h.ledger.get(recordId)).toMatchObject({ status: 'failed', error: { code: 'INVALID_REQUEST', step: 'submit' } });
    expect(h.provider.submitCount).toBe(0);
  });
});
