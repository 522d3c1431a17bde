import { describe, expect, it } from 'vitest';
import { LedgerError } from '@ring/video-conductor';
import { sampleVideoRecord } from '@ring/video-conductor/contract';
import { createFakeTime, MemoryLedger } from '@ring/video-conductor/testing';

const start = Date.parse('2026-01-01T00:00:00.000Z');

function setup() {
  const time = createFakeTime(start);
  return { time, ledger: new MemoryLedger({ clock: time.clock }) };
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

function expectLedgerError(error: unknown, code: string): void {
  expect(LedgerError.isInstance(error)).toBe(true);
  expect(error).toMatchObject({ code, ledger: 'memory', name: 'LedgerError' });
}

describe('MemoryLedger: identity and clock', () => {
  it('is the memory ledger of specification v1', () => {
    const ledger = new MemoryLedger();
    expect(ledger.id).toBe('memory');
    expect(ledger.specificationVersion).toBe('v1');
  });

  it('takes createdAt and updatedAt from the injected clock', async () => {
    const { time, ledger } = setup();
    const inserted = await ledger.insert(sampleVideoRecord());
    expect(inserted.createdAt).toBe('2026-01-01T00:00:00.000Z');
    expect(inserted.updatedAt).toBe('2026-01-01T00:00:00.000Z');
    time.advance(1500);
    const updated = await ledger.update(inserted.id, { status: 'submitted' });
    expect(updated.updatedAt).toBe('2026-01-01T00:00:01.500Z');
    expect(updated.createdAt).toBe(inserted.createdAt);
  });

  it('uses the system clock by default', async () => {
    const before = Date.now();
    const inserted = await new MemoryLedger().insert(sampleVideoRecord());
    expect(Date.parse(inserted.createdAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(inserted.createdAt)).toBeLessThanOrEqual(Date.now());
  });
});

describe('MemoryLedger: copies', () => {
  it('never shares objects with the caller', async () => {
    const { ledger } = setup();
    const record = sampleVideoRecord({ metadata: { nested: { value: 1 } }, audit: { clipId: 'a' } });
    const inserted = await ledger.insert(record);
    (record.metadata.nested as { value: number }).value = 2;
    record.audit.clipId = 'changed';
    (inserted.metadata.nested as { value: number }).value = 3;
    const fetched = await ledger.get(record.id);
    expect(fetched?.metadata).toEqual({ nested: { value: 1 } });
    expect(fetched?.audit).toEqual({ clipId: 'a' });

    const patch = { error: { code: 'X', message: 'y' } };
    const updated = await ledger.update(record.id, patch);
    patch.error.code = 'MUTATED';
    updated.error!.message = 'mutated';
    expect((await ledger.get(record.id))?.error).toEqual({ code: 'X', message: 'y' });

    const [listed] = (await ledger.list({})).records;
    listed!.status = 'failed';
    expect((await ledger.get(record.id))?.status).toBe('pending');
  });

  it('rejects data a database could not store (a function) with a LedgerError', async () => {
    const { ledger } = setup();
    const record = sampleVideoRecord({ metadata: { callback: () => 1 } });
    expectLedgerError(await rejectionOf(ledger.insert(record)), 'LEDGER_ERROR');
    expect(await ledger.get(record.id)).toBeNull();
  });
});

describe('MemoryLedger: insert and update rules', () => {
  it('refuses a second row with the same id', async () => {
    const { ledger } = setup();
    const record = sampleVideoRecord();
    await ledger.insert(record);
    const error = await rejectionOf(ledger.insert({ ...record, prompt: 'other' }));
    expectLedgerError(error, 'LEDGER_ERROR');
    expect(error).toMatchObject({ recordId: record.id });
    expect((await ledger.get(record.id))?.prompt).toBe(record.prompt);
  });

  it('names the record in DUPLICATE_IDEMPOTENCY_KEY, RECORD_NOT_FOUND and STATUS_CONFLICT errors', async () => {
    const { ledger } = setup();
    const first = await ledger.insert(sampleVideoRecord({ idempotencyKey: 'order-1' }));
    const duplicate = sampleVideoRecord({ idempotencyKey: 'order-1' });
    const duplicateError = await rejectionOf(ledger.insert(duplicate));
    expectLedgerError(duplicateError, 'DUPLICATE_IDEMPOTENCY_KEY');
    expect(duplicateError).toMatchObject({ recordId: duplicate.id, isRetryable: false });
    expect((duplicateError as Error).message).toContain('order-1');

    expect(await rejectionOf(ledger.update('missing-id', { status: 'failed' }))).toMatchObject({ code: 'RECORD_NOT_FOUND', recordId: 'missing-id' });
    const conflict = await rejectionOf(ledger.update(first.id, { status: 'failed' }, { expectStatus: ['submitted', 'generating'] }));
    expectLedgerError(conflict, 'STATUS_CONFLICT');
    expect((conflict as Error).message).toContain('"pending"');
  });

  it('treats an empty expectStatus as "no status matches"', async () => {
    const { ledger } = setup();
    const inserted = await ledger.insert(sampleVideoRecord());
    expectLedgerError(await rejectionOf(ledger.update(inserted.id, { status: 'failed' }, { expectStatus: [] })), 'STATUS_CONFLICT');
  });

  it('skips undefined patch values and never changes the immutable fields', async () => {
    const { ledger } = setup();
    const inserted = await ledger.insert(sampleVideoRecord({ requestId: 'job-1', idempotencyKey: 'key-1' }));
    const sneaky = { requestId: undefined, url: 'https://cdn.test/a.mp4', id: 'other', provider: 'other', operation: 'edit', idempotencyKey: 'key-2', createdAt: 'x' };
    const updated = await ledger.update(inserted.id, sneaky as never);
    expect(updated).toMatchObject({ id: inserted.id, provider: inserted.provider, operation: 'generate', idempotencyKey: 'key-1', createdAt: inserted.createdAt, requestId: 'job-1', url: 'https://cdn.test/a.mp4' });
    expect(await ledger.findByIdempotencyKey('key-2')).toBeNull();
    expect(await ledger.get('other')).toBeNull();
  });

  it('sets and releases a lease through update', async () => {
    const { ledger } = setup();
    const inserted = await ledger.insert(sampleVideoRecord());
    await ledger.update(inserted.id, { leaseOwner: 'worker-1', leaseExpiresAt: '2026-01-01T00:01:00.000Z' });
    const released = await ledger.update(inserted.id, { leaseOwner: null, leaseExpiresAt: null });
    expect(released).toMatchObject({ leaseOwner: null, leaseExpiresAt: null });
  });
});

describe('MemoryLedger: list', () => {
  it('orders rows created in the same millisecond by id, newest first, and pages through them', async () => {
    const { ledger } = setup();
    const ids = Array.from({ length: 23 }, (_, index) => `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`);
    // Inserted in a scrambled order (7 is coprime to 23), all at the same fake instant.
    for (let index = 0; index < ids.length; index += 1) await ledger.insert(sampleVideoRecord({ id: ids[(index * 7) % ids.length]! }));
    const visited: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await ledger.list({ limit: 7, ...(cursor === undefined ? {} : { cursor }) });
      visited.push(...page.records.map((record) => record.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== undefined);
    expect(pages).toBe(4);
    expect(visited).toEqual([...ids].reverse());
  });

  it('gives no nextCursor when the last page is exactly full', async () => {
    const { time, ledger } = setup();
    for (let index = 0; index < 4; index += 1) {
      await ledger.insert(sampleVideoRecord());
      time.advance(1);
    }
    const first = await ledger.list({ limit: 2 });
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await ledger.list({ limit: 2, cursor: first.nextCursor });
    expect(second.records).toHaveLength(2);
    expect(second.nextCursor).toBeUndefined();
  });

  it('uses 50 as the default page size', async () => {
    const { ledger } = setup();
    for (let index = 0; index < 51; index += 1) await ledger.insert(sampleVideoRecord());
    const page = await ledger.list({});
    expect(page.records).toHaveLength(50);
    expect(page.nextCursor).toBeDefined();
  });

  it('combines every filter', async () => {
    const { time, ledger } = setup();
    const match = sampleVideoRecord({ provider: 'xai', status: 'succeeded', audit: { actorId: 'u1', refCode: 'R' } });
    await ledger.insert(sampleVideoRecord({ provider: 'xai', status: 'succeeded', audit: { actorId: 'u2', refCode: 'R' } }));
    time.advance(10);
    await ledger.insert(match);
    await ledger.insert(sampleVideoRecord({ provider: 'other', status: 'succeeded', audit: { actorId: 'u1', refCode: 'R' } }));
    await ledger.insert(sampleVideoRecord({ provider: 'xai', status: 'failed', audit: { actorId: 'u1', refCode: 'R' } }));
    const { records } = await ledger.list({
      provider: 'xai',
      status: ['succeeded'],
      audit: { actorId: 'u1', refCode: 'R', clipId: undefined },
      createdAfter: '2026-01-01T00:00:00.005Z',
      createdBefore: '2026-01-01T00:00:00.011Z',
    });
    expect(records.map((record) => record.id)).toEqual([match.id]);
  });

  it('rejects malformed cursors with INVALID_QUERY', async () => {
    const { ledger } = setup();
    await ledger.insert(sampleVideoRecord());
    const encode = (value: string) => Buffer.from(value).toString('base64url');
    const malformed = [
      '',
      'not a cursor',
      'abc$',
      encode('not json'),
      encode('[]'),
      encode('null'),
      encode(JSON.stringify({ createdAt: '2026-01-01T00:00:00.000Z' })),
      encode(JSON.stringify({ createdAt: 'yesterday', id: 'a' })),
      encode(JSON.stringify({ createdAt: 5, id: 'a' })),
      encode(JSON.stringify({ createdAt: '2026-01-01T00:00:00.000Z', id: '' })),
    ];
    for (const cursor of malformed) {
      const error = await rejectionOf(ledger.list({ cursor }));
      expectLedgerError(error, 'INVALID_QUERY');
      expect((error as Error).message).toContain('cursor');
    }
  });

  it('accepts a well-formed cursor it did not issue (it is only a position)', async () => {
    const { time, ledger } = setup();
    const older = await ledger.insert(sampleVideoRecord());
    time.advance(1000);
    await ledger.insert(sampleVideoRecord());
    const cursor = Buffer.from(JSON.stringify({ createdAt: '2026-01-01T00:00:00.500Z', id: 'z' })).toString('base64url');
    expect((await ledger.list({ cursor })).records.map((record) => record.id)).toEqual([older.id]);
  });

  it('rejects a bad limit, status or time with INVALID_QUERY', async () => {
    const { ledger } = setup();
    for (const query of [{ limit: 0 }, { limit: 1001 }, { limit: 2.5 }, { limit: Number.NaN }, { status: 'done' as never }, { createdAfter: 'soon' }, { createdBefore: '' }]) {
      expectLedgerError(await rejectionOf(ledger.list(query)), 'INVALID_QUERY');
    }
    await expect(ledger.list({ limit: 1 })).resolves.toEqual({ records: [] });
    await expect(ledger.list({ limit: 1000 })).resolves.toEqual({ records: [] });
  });
});

describe('MemoryLedger: claimStale on fake time', () => {
  it('claims a row exactly when it is olderThanMs stale, and hands it over exactly when its lease expires', async () => {
    const { time, ledger } = setup();
    const row = await ledger.insert(sampleVideoRecord({ status: 'generating' }));
    const claim = (owner: string) => ledger.claimStale({ olderThanMs: 60_000, owner, leaseMs: 30_000, limit: 10 });

    time.advance(59_999);
    expect(await claim('a')).toEqual([]);
    time.advance(1);
    const [claimed] = await claim('a');
    expect(claimed).toMatchObject({ id: row.id, leaseOwner: 'a', leaseExpiresAt: '2026-01-01T00:01:30.000Z', updatedAt: row.updatedAt });
    expect(await ledger.get(row.id)).toEqual(claimed);

    time.advance(29_999);
    expect(await claim('b')).toEqual([]);
    time.advance(1);
    expect(await claim('b')).toMatchObject([{ id: row.id, leaseOwner: 'b', leaseExpiresAt: '2026-01-01T00:02:00.000Z' }]);
  });

  it('skips terminal rows, takes the oldest updatedAt first (ties by id) and stops at limit', async () => {
    const { time, ledger } = setup();
    for (const status of ['succeeded', 'persist_failed', 'timed_out', 'cancelled', 'failed', 'moderated', 'expired'] as const) {
      await ledger.insert(sampleVideoRecord({ status }));
    }
    for (const id of ['c', 'a', 'b']) await ledger.insert(sampleVideoRecord({ id, status: 'persisting' }));
    time.advance(5);
    const oldestChanged = await ledger.insert(sampleVideoRecord({ id: 'd', status: 'submitted' }));
    time.advance(5);
    await ledger.update('a', { status: 'pending' });
    time.advance(100);

    const claimed = await ledger.claimStale({ olderThanMs: 0, owner: 'w', leaseMs: 1000, limit: 3 });
    expect(claimed.map((record) => record.id)).toEqual(['b', 'c', oldestChanged.id]);
    expect((await ledger.claimStale({ olderThanMs: 0, owner: 'w', leaseMs: 1000, limit: 3 })).map((record) => record.id)).toEqual(['a']);
    expect(await ledger.claimStale({ olderThanMs: 0, owner: 'w', leaseMs: 1000, limit: 3 })).toEqual([]);
  });

  it('rejects nonsensical claims with INVALID_QUERY', async () => {
    const { ledger } = setup();
    const valid = { olderThanMs: 0, owner: 'w', leaseMs: 1000, limit: 1 };
    for (const input of [
      { ...valid, olderThanMs: -1 },
      { ...valid, olderThanMs: Number.NaN },
      { ...valid, leaseMs: 0 },
      { ...valid, leaseMs: Number.POSITIVE_INFINITY },
      { ...valid, limit: 0 },
      { ...valid, limit: 1.5 },
      { ...valid, owner: '' },
    ]) {
      expectLedgerError(await rejectionOf(ledger.claimStale(input)), 'INVALID_QUERY');
    }
  });
});
