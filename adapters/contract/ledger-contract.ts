import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  LedgerError,
  videoStatuses,
  type ClaimStaleInput,
  type Ledger,
  type NewVideoRecord,
  type VideoRecord,
} from '@ring/video-conductor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeThrown, rejectionOf } from './rejection-of.js';
import { roundTripVideoRecord } from './round-trip-video-record.js';
import { sampleVideoRecord } from './sample-video-record.js';

/** How {@link describeLedgerContract} creates and disposes of the ledger under test. */
export interface LedgerContractHarness<L extends Ledger = Ledger> {
  /** Creates the ledger under test (with its table ready); called once, before the first case. */
  create(): L | Promise<L>;
  /** Called once after the last case (close pools, drop temporary schemas). */
  cleanup?(ledger: L): void | Promise<void>;
}

/** Statuses `claimStale` may return. */
const activeStatuses = new Set(['pending', 'submitted', 'generating', 'persisting']);

/**
 * Registers the `Ledger` port's contract as a vitest suite: exact round trips of every
 * field, the idempotency-key uniqueness, optimistic updates, list filters and keyset
 * pagination, and `claimStale` leases under concurrency.
 *
 * Every case writes rows with its own random provider id or audit values and only looks
 * at those, so the suite also runs against a shared database table. `claimStale` cannot
 * be filtered, though: the claim cases lease every stale active row they find, so point
 * the suite at a test database. Lease expiry is checked with real waits of about 150 ms,
 * because a database's clock cannot be faked.
 *
 * @param name Shown in the suite title, e.g. `'PostgresLedger (PGlite)'`.
 * @example
 * ```ts
 * import { describeLedgerContract } from '@ring/video-conductor/contract';
 * import { MemoryLedger } from '@ring/video-conductor/testing';
 *
 * describeLedgerContract('MemoryLedger', { create: () => new MemoryLedger() });
 * ```
 */
export function describeLedgerContract<L extends Ledger>(name: string, harness: LedgerContractHarness<L>): void {
  describe(`Ledger contract: ${name}`, () => {
    let ledger: L;

    /** A provider id no other case (or run) uses, to isolate a case's rows. */
    const uniqueProvider = (label: string) => `contract-${label}-${randomUUID()}`;
    const insertAll = async (records: NewVideoRecord[]) => {
      const inserted: VideoRecord[] = [];
      for (const record of records) inserted.push(await ledger.insert(record));
      return inserted;
    };
    const idsOf = (records: readonly VideoRecord[]) => records.map((record) => record.id);
    const expectIsoTime = (value: unknown, field: string) => {
      expect(typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value), `${field} must be an ISO 8601 string, got ${String(value)}`).toBe(true);
      expect(Number.isNaN(Date.parse(String(value))), `${field} must parse as a time`).toBe(false);
    };
    const expectLedgerError = (error: unknown, code: string) => {
      expect(LedgerError.isInstance(error), `must reject with LedgerError ${code}, got ${describeThrown(error)}`).toBe(true);
      expect((error as LedgerError).code).toBe(code);
    };
    /** Every page of a query, following `nextCursor`; fails past `maxPages`. */
    const listAll = async (query: Parameters<Ledger['list']>[0], maxPages: number) => {
      const pages: VideoRecord[][] = [];
      let cursor: string | undefined;
      do {
        const page = await ledger.list({ ...query, ...(cursor === undefined ? {} : { cursor }) });
        pages.push(page.records);
        cursor = page.nextCursor;
        expect(pages.length, `pagination must end within ${maxPages} pages`).toBeLessThanOrEqual(maxPages);
      } while (cursor !== undefined);
      return pages;
    };
    /**
     * Claims until nothing is left: other cases' (or other runs') stale rows may be
     * claimed first, so a case cannot expect its own rows in the first answer.
     */
    const claimAll = async (input: Omit<ClaimStaleInput, 'leaseMs' | 'limit'> & { leaseMs?: number; limit?: number }) => {
      const claimed: VideoRecord[][] = [];
      for (let round = 0; round < 1000; round += 1) {
        const records = await ledger.claimStale({ leaseMs: 60_000, limit: 100, ...input });
        if (records.length === 0) return claimed;
        claimed.push(records);
      }
      return expect.fail('claimStale kept returning rows after 1000 rounds: leases do not hold');
    };
    const ownIn = (claimed: readonly VideoRecord[], own: readonly VideoRecord[]) => {
      const ids = new Set(idsOf(own));
      return claimed.filter((record) => ids.has(record.id));
    };

    beforeAll(async () => {
      ledger = await harness.create();
    });

    afterAll(async () => {
      if (ledger !== undefined) await harness.cleanup?.(ledger);
    });

    it('identifies itself: specificationVersion v1 and a non-empty id', () => {
      expect(ledger.specificationVersion).toBe('v1');
      expect(typeof ledger.id === 'string' && ledger.id.length > 0).toBe(true);
    });

    it('insert returns the row with ISO createdAt/updatedAt and no lease', async () => {
      const record = sampleVideoRecord({ provider: uniqueProvider('insert') });
      const inserted = await ledger.insert(record);
      expect(inserted).toEqual({
        ...record,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        leaseOwner: null,
        leaseExpiresAt: null,
      });
      expectIsoTime(inserted.createdAt, 'createdAt');
      expectIsoTime(inserted.updatedAt, 'updatedAt');
      expect(Date.parse(inserted.updatedAt)).toBeGreaterThanOrEqual(Date.parse(inserted.createdAt));
    });

    it('get round-trips every field exactly, JSON values with nesting, unicode and quotes included', async () => {
      const record = roundTripVideoRecord(uniqueProvider('round-trip'));
      const inserted = await ledger.insert(record);
      const expected = { ...record, createdAt: inserted.createdAt, updatedAt: inserted.updatedAt, leaseOwner: null, leaseExpiresAt: null };
      expect(inserted).toEqual(expected);
      expect(await ledger.get(record.id)).toEqual(expected);
      expect(await ledger.findByIdempotencyKey(record.idempotencyKey ?? '')).toEqual(expected);
    });

    it('keeps the conductor notes apart from metadata: omitted notes are null, an update of one leaves the other as it was', async () => {
      const { conductor: _omitted, ...withoutNotes } = sampleVideoRecord({ provider: uniqueProvider('notes'), metadata: { videoConductor: { mine: true }, k: 'v' } });
      const inserted = await ledger.insert(withoutNotes);
      expect(inserted.conductor).toBeNull();
      const notes = { requestedQualityMode: 'draft', upgrades: [], warnings: [{ type: 'other' as const, message: 'w' }] };
      const updated = await ledger.update(inserted.id, { conductor: notes });
      expect(updated.conductor).toEqual(notes);
      expect(updated.metadata).toEqual({ videoConductor: { mine: true }, k: 'v' });
      expect(await ledger.get(inserted.id)).toMatchObject({ conductor: notes, metadata: { videoConductor: { mine: true }, k: 'v' } });
    });

    it('get of an unknown id resolves to null', async () => {
      expect(await ledger.get(randomUUID())).toBeNull();
    });

    it('a duplicate idempotencyKey rejects with DUPLICATE_IDEMPOTENCY_KEY; rows without a key never clash', async () => {
      const provider = uniqueProvider('idempotency');
      const idempotencyKey = `contract-key-${randomUUID()}`;
      const first = await ledger.insert(sampleVideoRecord({ provider, idempotencyKey }));
      const duplicate = sampleVideoRecord({ provider, idempotencyKey });
      expectLedgerError(await rejectionOf(ledger.insert(duplicate), 'insert with a used idempotencyKey'), 'DUPLICATE_IDEMPOTENCY_KEY');
      expect(await ledger.get(duplicate.id)).toBeNull();
      expect(await ledger.findByIdempotencyKey(idempotencyKey)).toEqual(first);

      const withoutKey = await insertAll([sampleVideoRecord({ provider }), sampleVideoRecord({ provider })]);
      expect(withoutKey.every((record) => record.idempotencyKey === null)).toBe(true);
      expect((await ledger.list({ provider })).records).toHaveLength(3);
    });

    it('findByIdempotencyKey finds the row, or resolves to null', async () => {
      const idempotencyKey = `contract-find-${randomUUID()}`;
      const inserted = await ledger.insert(sampleVideoRecord({ provider: uniqueProvider('find'), idempotencyKey }));
      expect(await ledger.findByIdempotencyKey(idempotencyKey)).toEqual(inserted);
      expect(await ledger.findByIdempotencyKey(`contract-missing-${randomUUID()}`)).toBeNull();
    });

    it('update changes the given fields, bumps updatedAt and returns the new row', async () => {
      const inserted = await ledger.insert(sampleVideoRecord({ provider: uniqueProvider('update'), requestId: null }));
      await sleep(5);
      const patch = {
        status: 'submitted' as const,
        requestId: `req-${randomUUID()}`,
        error: { code: 'RATE_LIMITED', message: 'retry "later"', retryable: true },
        metadata: { attempt: 2, nested: { ok: true } },
      };
      const updated = await ledger.update(inserted.id, patch);
      expect(updated).toEqual({ ...inserted, ...patch, updatedAt: expect.any(String) });
      expectIsoTime(updated.updatedAt, 'updatedAt');
      expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(inserted.updatedAt));
      expect(updated.createdAt).toBe(inserted.createdAt);
      expect(await ledger.get(inserted.id)).toEqual(updated);

      const cleared = await ledger.update(inserted.id, { error: null, status: 'generating' }, { expectStatus: ['submitted'] });
      expect(cleared.error).toBeNull();
      expect(cleared.status).toBe('generating');
      expect(cleared.requestId).toBe(patch.requestId);
      expect(Date.parse(cleared.updatedAt)).toBeGreaterThanOrEqual(Date.parse(updated.updatedAt));
    });

    it('update of an unknown id rejects with RECORD_NOT_FOUND', async () => {
      const error = await rejectionOf(ledger.update(randomUUID(), { status: 'failed' }), 'update of an unknown id');
      expectLedgerError(error, 'RECORD_NOT_FOUND');
    });

    it('update with a non-matching expectStatus rejects with STATUS_CONFLICT and leaves the row unchanged', async () => {
      const inserted = await ledger.insert(sampleVideoRecord({ provider: uniqueProvider('conflict'), status: 'succeeded' }));
      const error = await rejectionOf(
        ledger.update(inserted.id, { status: 'failed', requestId: 'req-lost-race' }, { expectStatus: ['pending', 'submitted'] }),
        'update with a non-matching expectStatus',
      );
      expectLedgerError(error, 'STATUS_CONFLICT');
      expect(await ledger.get(inserted.id)).toEqual(inserted);
    });

    it('list filters by one status or several', async () => {
      const provider = uniqueProvider('status');
      const [pending, submitted, succeeded, failed] = await insertAll(
        (['pending', 'submitted', 'succeeded', 'failed'] as const).map((status) => sampleVideoRecord({ provider, status })),
      );
      expect(idsOf((await ledger.list({ provider, status: 'succeeded' })).records)).toEqual([succeeded?.id]);
      const several = (await ledger.list({ provider, status: ['pending', 'failed'] })).records;
      expect(new Set(idsOf(several))).toEqual(new Set([pending?.id, failed?.id]));
      expect(idsOf((await ledger.list({ provider, status: ['submitted'] })).records)).toEqual([submitted?.id]);
      expect((await ledger.list({ provider, status: 'cancelled' })).records).toEqual([]);
    });

    it('list filters by provider', async () => {
      const providerA = uniqueProvider('provider-a');
      const providerB = uniqueProvider('provider-b');
      const rowsA = await insertAll([sampleVideoRecord({ provider: providerA }), sampleVideoRecord({ provider: providerA })]);
      await insertAll([sampleVideoRecord({ provider: providerB })]);
      const listed = (await ledger.list({ provider: providerA })).records;
      expect(new Set(idsOf(listed))).toEqual(new Set(idsOf(rowsA)));
      expect(listed.every((record) => record.provider === providerA)).toBe(true);
    });

    it('list filters by each audit field, and by several at once', async () => {
      const token = randomUUID();
      const [first, second] = await insertAll([
        sampleVideoRecord({
          provider: uniqueProvider('audit'),
          audit: { clipId: `clip-1-${token}`, pipelineRequestId: `run-${token}`, refCode: `ref-1-${token}`, actorId: `actor-${token}` },
        }),
        sampleVideoRecord({
          provider: uniqueProvider('audit'),
          audit: { clipId: `clip-2-${token}`, pipelineRequestId: `run-${token}`, refCode: `ref-2-${token}`, actorId: `actor-${token}` },
        }),
        sampleVideoRecord({ provider: uniqueProvider('audit'), audit: { refCode: `ref-3-${token}` } }),
      ]);
      const idsFor = async (audit: NonNullable<Parameters<Ledger['list']>[0]['audit']>) =>
        new Set(idsOf((await ledger.list({ audit })).records));
      expect(await idsFor({ clipId: `clip-1-${token}` })).toEqual(new Set([first?.id]));
      expect(await idsFor({ pipelineRequestId: `run-${token}` })).toEqual(new Set([first?.id, second?.id]));
      expect(await idsFor({ refCode: `ref-2-${token}` })).toEqual(new Set([second?.id]));
      expect(await idsFor({ actorId: `actor-${token}` })).toEqual(new Set([first?.id, second?.id]));
      expect(await idsFor({ actorId: `actor-${token}`, clipId: `clip-2-${token}` })).toEqual(new Set([second?.id]));
      expect(await idsFor({ actorId: `actor-${token}`, refCode: `ref-3-${token}` })).toEqual(new Set());
    });

    it('list filters by createdAfter (inclusive) and createdBefore (exclusive)', async () => {
      const provider = uniqueProvider('window');
      const first = await ledger.insert(sampleVideoRecord({ provider }));
      await sleep(15);
      const second = await ledger.insert(sampleVideoRecord({ provider }));
      await sleep(15);
      const third = await ledger.insert(sampleVideoRecord({ provider }));
      const idsFor = async (window: { createdAfter?: string; createdBefore?: string }) =>
        idsOf((await ledger.list({ provider, ...window })).records);
      expect(await idsFor({ createdAfter: second.createdAt })).toEqual([third.id, second.id]);
      expect(await idsFor({ createdBefore: second.createdAt })).toEqual([first.id]);
      expect(await idsFor({ createdAfter: first.createdAt, createdBefore: third.createdAt })).toEqual([second.id, first.id]);
      expect(await idsFor({ createdAfter: new Date(Date.parse(third.createdAt) + 60_000).toISOString() })).toEqual([]);
    });

    it('list returns rows newest first', async () => {
      const provider = uniqueProvider('order');
      const inserted: VideoRecord[] = [];
      for (let index = 0; index < 4; index += 1) {
        inserted.push(await ledger.insert(sampleVideoRecord({ provider })));
        await sleep(5);
      }
      expect(idsOf((await ledger.list({ provider })).records)).toEqual(idsOf(inserted).reverse());
    });

    it('keyset pagination visits each of 25 rows exactly once, newest first', async () => {
      const provider = uniqueProvider('pages');
      // No waits: rows sharing a createdAt must still be paged without loss or repeats.
      const inserted = await insertAll(Array.from({ length: 25 }, () => sampleVideoRecord({ provider })));
      const pages = await listAll({ provider, limit: 10 }, 4);
      expect(pages[0]).toHaveLength(10);
      expect(pages[1]).toHaveLength(10);
      const visited = pages.flat();
      expect(visited).toHaveLength(25);
      expect(new Set(idsOf(visited))).toEqual(new Set(idsOf(inserted)));
      for (let index = 1; index < visited.length; index += 1) {
        const newer = visited[index - 1];
        const older = visited[index];
        expect(Date.parse(older?.createdAt ?? ''), 'rows must come newest first').toBeLessThanOrEqual(Date.parse(newer?.createdAt ?? ''));
      }
      const unpaged = await ledger.list({ provider });
      expect(unpaged.records, 'the default limit (50) covers 25 rows').toHaveLength(25);
      expect(unpaged.nextCursor).toBeUndefined();
    });

    it('list rejects a malformed cursor and a limit outside 1–1000 with LedgerError INVALID_QUERY', async () => {
      const provider = uniqueProvider('invalid-query');
      for (const query of [{ provider, cursor: 'not a cursor!' }, { provider, limit: 0 }, { provider, limit: 1001 }]) {
        expectLedgerError(await rejectionOf(ledger.list(query), `list(${JSON.stringify(query)})`), 'INVALID_QUERY');
      }
    });

    it('claimStale leases only active rows not updated for olderThanMs', async () => {
      const provider = uniqueProvider('claim-active');
      const rows = await insertAll(videoStatuses.map((status) => sampleVideoRecord({ provider, status })));
      await sleep(30);
      const owner = `contract-worker-${randomUUID()}`;
      expect(ownIn((await claimAll({ olderThanMs: 600_000, owner })).flat(), rows), 'rows updated 30 ms ago are not 10 minutes stale').toEqual([]);

      const claimed = ownIn((await claimAll({ olderThanMs: 0, owner, leaseMs: 60_000 })).flat(), rows);
      expect(claimed.map((record) => record.status).sort()).toEqual([...activeStatuses].sort());
      for (const record of claimed) {
        expect(record.leaseOwner).toBe(owner);
        expectIsoTime(record.leaseExpiresAt, 'leaseExpiresAt');
        // Loose bound: the database's clock may differ a little from this process's.
        expect(Date.parse(record.leaseExpiresAt ?? '')).toBeGreaterThan(Date.now() + 30_000);
        expect(await ledger.get(record.id)).toMatchObject({ leaseOwner: owner, leaseExpiresAt: record.leaseExpiresAt, status: record.status });
      }
    });

    it('claimStale never hands a row to another owner while its lease holds', async () => {
      const row = await ledger.insert(sampleVideoRecord({ provider: uniqueProvider('claim-held'), status: 'generating' }));
      await sleep(20);
      const first = ownIn((await claimAll({ olderThanMs: 0, owner: `contract-a-${randomUUID()}` })).flat(), [row]);
      expect(idsOf(first)).toEqual([row.id]);
      const second = ownIn((await claimAll({ olderThanMs: 0, owner: `contract-b-${randomUUID()}` })).flat(), [row]);
      expect(second).toEqual([]);
    });

    it('claimStale hands a row to another owner once its lease expired (real 50 ms lease)', async () => {
      // Lease every other stale row for long first: a loop of 50 ms claims over many rows
      // could outlive its own leases and claim the same rows again.
      await claimAll({ olderThanMs: 0, owner: `contract-drain-${randomUUID()}` });
      const row = await ledger.insert(sampleVideoRecord({ provider: uniqueProvider('claim-expiry'), status: 'submitted' }));
      await sleep(20);
      const ownerA = `contract-a-${randomUUID()}`;
      const ownerB = `contract-b-${randomUUID()}`;
      const first = ownIn(await ledger.claimStale({ olderThanMs: 0, owner: ownerA, leaseMs: 50, limit: 1000 }), [row]);
      expect(first.map((record) => record.leaseOwner)).toEqual([ownerA]);
      await sleep(150);
      const second = ownIn((await claimAll({ olderThanMs: 0, owner: ownerB })).flat(), [row]);
      expect(second.map((record) => record.leaseOwner)).toEqual([ownerB]);
      expect((await ledger.get(row.id))?.leaseOwner).toBe(ownerB);
    });

    it('claimStale honours limit and hands out the oldest updatedAt first', async () => {
      const provider = uniqueProvider('claim-limit');
      const rows: VideoRecord[] = [];
      for (let index = 0; index < 5; index += 1) {
        rows.push(await ledger.insert(sampleVideoRecord({ provider })));
        await sleep(5);
      }
      await sleep(20);
      const owner = `contract-worker-${randomUUID()}`;
      const limited = await ledger.claimStale({ olderThanMs: 0, owner, leaseMs: 60_000, limit: 2 });
      expect(limited).toHaveLength(2);
      const rounds = [limited, ...(await claimAll({ olderThanMs: 0, owner, limit: 1 }))];
      for (const round of rounds) {
        for (let index = 1; index < round.length; index += 1) {
          expect(Date.parse(round[index]?.updatedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(round[index - 1]?.updatedAt ?? ''));
        }
      }
      expect(idsOf(ownIn(rounds.flat(), rows)), 'own rows must be claimed oldest first').toEqual(idsOf(rows));
    });

    it('4 concurrent claimStale calls over 40 stale rows never return a row twice and together return all 40', async () => {
      const provider = uniqueProvider('claim-race');
      const rows = await insertAll(Array.from({ length: 40 }, (_, index) => sampleVideoRecord({ provider, status: index % 2 === 0 ? 'pending' : 'generating' })));
      await sleep(20);
      const seen = new Map<string, string>();
      for (let round = 0; ; round += 1) {
        expect(round, 'concurrent claims must run out of rows').toBeLessThan(1000);
        const owners = [0, 1, 2, 3].map((worker) => `contract-worker-${worker}-${randomUUID()}`);
        const results = await Promise.all(owners.map((owner) => ledger.claimStale({ olderThanMs: 0, owner, leaseMs: 60_000, limit: 10 })));
        results.forEach((records, worker) => {
          expect(records.length).toBeLessThanOrEqual(10);
          for (const record of records) {
            expect(seen.get(record.id), `row ${record.id} was claimed twice`).toBeUndefined();
            expect(record.leaseOwner).toBe(owners[worker]);
            seen.set(record.id, record.leaseOwner ?? '');
          }
        });
        if (results.every((records) => records.length === 0)) break;
      }
      expect(rows.filter((row) => !seen.has(row.id)), 'every stale row must be claimed').toEqual([]);
    });
  });
}
