import { createHash } from 'node:crypto';
import {
  createVideoConductor,
  LedgerError,
  VideoConductorError,
  type GenerateVideoResult,
  type VideoConductorEvent,
  type VideoRecord,
  type VideoStatus,
} from '@ring/video-conductor';
import { createFakeTime, MemoryLedger, MemoryStorage } from '@ring/video-conductor/testing';
import { createXai } from '@ring/video-conductor/xai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { canaryKey, findCanary, renderings } from './canary.js';
import { startFakeXaiServer, type FakeXaiServer, type FaultKind, type ServerStep } from './fake-xai-server.js';
import { FaultSwitch, faultyLedger, faultyStorage } from './fault-wrappers.js';

/** Where a fault is injected: one of the four wire calls, or a storage or ledger write. */
type Step = ServerStep | 'storage put' | 'ledger insert' | 'ledger update →submitted' | 'ledger update →succeeded';
type Mode = 'once' | 'persistent';

/** What a scenario must end with. */
interface Expected {
  /** `succeeded` / `persist_failed` (a result), or the code of the typed error thrown. */
  outcome: string;
  /** The row's status right after the call, or `no row`. */
  row: VideoStatus | 'no row';
  /** `row.error.code` (`null`: no error on the row). */
  code: string | null;
  /** Whether the row holds the request id of the job the provider accepted. */
  requestId: boolean;
  /** Submit POSTs the provider saw, and jobs it accepted (each one billed). */
  submits: number;
  jobs: number;
  /** The row once the fault cleared and the matching follow-up (resume / persist / recover) ran. */
  after: string;
}

const success: Expected = { outcome: 'succeeded', row: 'succeeded', code: null, requestId: true, submits: 1, jobs: 1, after: 'succeeded' };
/** Failed before any video job existed: nothing to resume. */
const failedBeforeSubmit = (code: string, submits = 0): Expected => ({ outcome: code, row: 'failed', code, requestId: false, submits, jobs: 0, after: `failed ${code}` });
/** Made and paid for, not stored: the row keeps the temporary URL; `persist()` stores it later. */
const persistFailed: Expected = { outcome: 'persist_failed', row: 'persist_failed', code: 'PERSIST_FAILED', requestId: true, submits: 1, jobs: 1, after: 'succeeded' };
/** The insert never ran: nothing was written and nothing spent. */
const noRow: Expected = { outcome: 'LEDGER_ERROR', row: 'no row', code: null, requestId: false, submits: 0, jobs: 0, after: 'no row' };

/** The acceptance table: [step, fault, expected after a one-off fault, expected after a fault that persists]. */
const matrix: [Step, FaultKind, Expected, Expected][] = [
  // The first frame is billable: the adapter re-sends it only after a 429 (it provably made nothing).
  ['first-frame', '429', success, failedBeforeSubmit('RATE_LIMITED')],
  ['first-frame', '500', failedBeforeSubmit('SERVER_ERROR'), failedBeforeSubmit('SERVER_ERROR')],
  ['first-frame', 'reset', failedBeforeSubmit('NETWORK_ERROR'), failedBeforeSubmit('NETWORK_ERROR')],
  ['first-frame', 'timeout', failedBeforeSubmit('TIMEOUT'), failedBeforeSubmit('TIMEOUT')],

  // Submit spends money: re-sent only after a 429; a 500 is not retried and the row says so.
  ['submit', '429', { ...success, submits: 2 }, failedBeforeSubmit('RATE_LIMITED', 3)],
  // A 500, a reset or a timeout may have created (and billed) the job: the row says the outcome is
  // unknown (not "failed, retryable"), and nothing submits it again.
  ...(['500', 'reset', 'timeout'] as const).map((fault): [Step, FaultKind, Expected, Expected] => {
    const expected: Expected = { ...failedBeforeSubmit('SUBMIT_OUTCOME_UNKNOWN', 1), jobs: fault === '500' ? 0 : 1 };
    return ['submit', fault, expected, expected];
  }),

  // Status reads are free: retried by the adapter, then by the poll loop until the deadline.
  ...(['429', '500', 'reset', 'timeout'] as const).map((fault): [Step, FaultKind, Expected, Expected] => [
    'status',
    fault,
    success,
    { outcome: 'GENERATION_TIMEOUT', row: 'timed_out', code: 'GENERATION_TIMEOUT', requestId: true, submits: 1, jobs: 1, after: 'succeeded' },
  ]),

  // The download and the upload are retried (persistRetries); then persist_failed keeps the temporary URL.
  ...(['429', '500', 'reset', 'timeout'] as const).map((fault): [Step, FaultKind, Expected, Expected] => ['download', fault, success, persistFailed]),
  ...(['429', '500', 'reset', 'timeout'] as const).map((fault): [Step, FaultKind, Expected, Expected] => ['storage put', fault, success, persistFailed]),

  // The insert is not retried; nothing has been spent, the caller may try again.
  ['ledger insert', '429', noRow, noRow],
  ['ledger insert', '500', noRow, noRow],
  ['ledger insert', 'reset', noRow, noRow],
  // The insert ran, its answer was lost: an orphan pending row, closed later by recover.
  [
    'ledger insert',
    'timeout',
    { outcome: 'LEDGER_ERROR', row: 'pending', code: null, requestId: false, submits: 0, jobs: 0, after: 'failed SUBMIT_OUTCOME_UNKNOWN' },
    { outcome: 'LEDGER_ERROR', row: 'pending', code: null, requestId: false, submits: 0, jobs: 0, after: 'failed SUBMIT_OUTCOME_UNKNOWN' },
  ],

  // The write that records the request id right after the (billed) submit.
  ...(['429', '500', 'reset'] as const).map((fault): [Step, FaultKind, Expected, Expected] => [
    'ledger update →submitted',
    fault,
    success,
    // The row cannot take the id, so the error and the failed event carry it instead.
    {
      outcome: 'REQUEST_ID_NOT_RECORDED',
      row: 'pending',
      code: null,
      requestId: false,
      submits: 1,
      jobs: 1,
      after: 'failed SUBMIT_OUTCOME_UNKNOWN',
    },
  ]),
  // The write landed and its answer was lost: the retry must recognise its own write.
  ['ledger update →submitted', 'timeout', success, success],

  // The last write, after the object is stored.
  ...(['429', '500', 'reset'] as const).map((fault): [Step, FaultKind, Expected, Expected] => [
    'ledger update →succeeded',
    fault,
    success,
    { outcome: 'LEDGER_ERROR', row: 'persisting', code: null, requestId: true, submits: 1, jobs: 1, after: 'succeeded' },
  ]),
  ['ledger update →succeeded', 'timeout', success, success],
];

/** One line of the printed table. */
interface Observed extends Expected {
  step: Step;
  fault: FaultKind;
  mode: Mode;
  /** The follow-up taken once the fault cleared: `resume`, `persist`, `recover` or none. */
  wayBack: string;
}

/** Per-attempt deadline of the xAI adapter and of the downloads: long enough for loopback under load, short for a suite. */
const adapterTimeoutMs = 400;
const request = (label: string) => ({ prompt: `faults: ${label}`, firstFramePrompt: 'A lighthouse at dusk', durationSec: 4 });

let server: FakeXaiServer;
const observed: Observed[] = [];

beforeAll(async () => {
  server = await startFakeXaiServer({ apiKey: canaryKey });
});

afterEach(() => {
  const unexpected = [...server.unexpected];
  server.reset();
  expect(unexpected, 'requests the fake xAI server did not expect').toEqual([]);
});

afterAll(async () => {
  await server?.close();
  if (observed.length === 0) return;
  const lines = [
    '| step | fault | mode | outcome | row status | error code | request id | submits seen | jobs at xAI | then | row after |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...observed.map((row) =>
      `| ${row.step} | ${row.fault} | ${row.mode} | ${row.outcome} | ${row.row} | ${row.code ?? '—'} | ${row.requestId ? 'kept' : '—'} | ${row.submits} | ${row.jobs} | ${row.wayBack} | ${row.after} |`,
    ),
  ];
  console.log(`\nFault matrix (${observed.length} scenarios):\n\n${lines.join('\n')}\n`);
});

/** A `fetch` for the downloads with a deadline, as a caller should configure it (the conductor sets none). */
const fetchWithDeadline: typeof fetch = (input, init) => {
  const deadline = AbortSignal.timeout(adapterTimeoutMs);
  return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline });
};

async function runScenario(step: Step, fault: FaultKind, mode: Mode, expected: Expected): Promise<Observed> {
  const time = createFakeTime();
  const memoryLedger = new MemoryLedger({ clock: time.clock });
  const memoryStorage = new MemoryStorage();
  const storageFaults = new FaultSwitch();
  const insertFaults = new FaultSwitch();
  const updateFaults = new FaultSwitch();
  const storage = faultyStorage(memoryStorage, storageFaults);
  const ledger = faultyLedger(memoryLedger, {
    insert: insertFaults,
    update: { status: step === 'ledger update →succeeded' ? 'succeeded' : 'submitted', faults: updateFaults },
  });
  const xai = createXai({
    apiKey: canaryKey,
    baseURL: server.baseURL,
    timeoutMs: adapterTimeoutMs,
    maxRetries: 2,
    sleep: time.sleep,
    clock: time.clock,
    random: () => 0.5,
  });
  const conductor = createVideoConductor({
    provider: xai.video,
    imageProvider: xai.image,
    storage,
    ledger,
    fetch: fetchWithDeadline,
    urlPolicy: { allowHttp: true, allowPrivateAddresses: true }, // the fake xAI server is on loopback
    clock: time.clock,
    sleep: time.sleep,
    random: () => 0.5,
    polling: { intervalMs: 20, jitter: 0, timeoutMs: 2_500 },
  });

  const times = mode === 'once' ? 1 : Number.POSITIVE_INFINITY;
  if (step === 'storage put') storageFaults.arm({ kind: fault, times });
  else if (step === 'ledger insert') insertFaults.arm({ kind: fault, times });
  else if (step.startsWith('ledger update')) updateFaults.arm({ kind: fault, times });
  else server.inject(step as ServerStep, { kind: fault, times });

  const label = `${step} ${fault} ${mode}`;
  const events: VideoConductorEvent[] = [];
  let result: GenerateVideoResult | undefined;
  let error: unknown;
  try {
    result = await conductor.generate(request(label), { onEvent: (event) => events.push(event) });
  } catch (caught) {
    error = caught;
  }

  // The outcome is a result or a typed error — never anything else.
  let outcome: string;
  if (result !== undefined) outcome = result.status;
  else if (VideoConductorError.isInstance(error)) outcome = error.code;
  else outcome = `UNTYPED ${(error as Error)?.name}: ${(error as Error)?.message}`;

  const rows = (await memoryLedger.list({})).records;
  expect(rows.length, 'one call writes at most one row').toBeLessThanOrEqual(1);
  const row: VideoRecord | undefined = rows[0];
  const jobs = server.jobsFor(request(label).prompt);
  const job = jobs[0];

  // The row tells the same story as the outcome.
  if (row !== undefined && error !== undefined && VideoConductorError.isInstance(error) && !LedgerError.isInstance(error)) {
    expect(['failed', 'timed_out']).toContain(row.status);
    expect(row.error?.code, 'the row records the code of the error thrown').toBe(error.code);
    const failedEvents = events.filter((event) => event.type === 'failed');
    expect(failedEvents.map((event) => event.error.code)).toEqual([error.code]);
  }
  if (result?.success === true && result.status === 'succeeded') {
    expect(row?.status).toBe('succeeded');
    const stored = memoryStorage.read(row!.storageKey!);
    expect(stored, 'a success has a stored object').not.toBeNull();
    const sha256 = createHash('sha256').update(stored!).digest('hex');
    expect({ stored: sha256, row: row!.sha256, result: result.sha256, size: row!.sizeBytes }).toEqual({
      stored: job!.sha256,
      row: job!.sha256,
      result: job!.sha256,
      size: job!.video.byteLength,
    });
  }
  if (result?.success === false && result.status === 'persist_failed') {
    expect(row).toMatchObject({ status: 'persist_failed', temporaryUrl: job!.videoUrl, storageKey: null, sha256: null });
    // Not a success: the result names no stored video, only the temporary URL and the way on.
    expect(result).toMatchObject({ temporaryUrl: job!.videoUrl, requestId: job!.requestId, video: null });
    expect(result.message).toContain(`persist("${row!.id}")`);
    expect(memoryStorage.keys()).toEqual([]);
  }
  if (row !== undefined && row.requestId !== null) expect(row.requestId).toBe(job?.requestId);
  // The download of the temporary URL never carries the API key.
  expect(server.seen.filter((entry) => entry.step === 'download' && entry.authorization !== undefined)).toEqual([]);

  // An unknown submit outcome is never offered for a retry that could pay twice.
  if (expected.outcome === 'SUBMIT_OUTCOME_UNKNOWN') expect(row?.error).toMatchObject({ code: 'SUBMIT_OUTCOME_UNKNOWN', retryable: false });
  // Where the row cannot hold the billed job's id, the error and the failed event carry it.
  if (expected.outcome === 'REQUEST_ID_NOT_RECORDED' && job !== undefined) {
    expect((error as { requestId?: string }).requestId).toBe(job.requestId);
    expect(events.some((event) => event.type === 'failed' && JSON.stringify(event).includes(job.requestId))).toBe(true);
  }

  const submitsBefore = server.count('submit', request(label).prompt);
  const jobsBefore = jobs.length;

  // Then the fault clears, and the way back each row offers is taken.
  storageFaults.clear();
  insertFaults.clear();
  updateFaults.clear();
  server.clearFaults();
  const afterEvents: VideoConductorEvent[] = [];
  let afterError: unknown;
  let recoverReport: unknown;
  let wayBack = '—';
  try {
    if (row?.status === 'timed_out') {
      wayBack = 'resume';
      await conductor.resume(row.id, { onEvent: (event) => afterEvents.push(event) });
    } else if (row?.status === 'persist_failed') {
      wayBack = 'persist';
      await conductor.persist(row.id, { onEvent: (event) => afterEvents.push(event) });
    } else if (row !== undefined && ['pending', 'submitted', 'generating', 'persisting'].includes(row.status)) {
      wayBack = 'recover';
      recoverReport = await conductor.recover({ owner: 'fault-matrix', staleAfterMs: 0 }, { onEvent: (event) => afterEvents.push(event) });
    }
  } catch (caught) {
    afterError = caught;
  }
  if (afterError !== undefined) expect(VideoConductorError.isInstance(afterError), String(afterError)).toBe(true);
  const final = row === undefined ? undefined : await memoryLedger.get(row.id);
  const after = final === undefined || final === null ? 'no row' : final.status === 'succeeded' || final.error === null ? final.status : `${final.status} ${final.error.code}`;
  if (final?.status === 'succeeded') {
    const stored = memoryStorage.read(final.storageKey!);
    expect(stored && createHash('sha256').update(stored).digest('hex')).toBe(job!.sha256);
    expect(final.sha256).toBe(job!.sha256);
  }
  // Recovering never pays again.
  expect(server.count('submit', request(label).prompt)).toBe(submitsBefore);
  expect(server.jobsFor(request(label).prompt)).toHaveLength(jobsBefore);

  // The canary key is nowhere a caller can look.
  const allRows = (await memoryLedger.list({})).records;
  expect(
    findCanary({
      error,
      afterError,
      result,
      recoverReport,
      ...Object.fromEntries([...events, ...afterEvents].map((event, index) => [`event ${index} (${event.type})`, event])),
      ...Object.fromEntries(allRows.map((record) => [`row ${record.id}`, JSON.stringify(record)])),
    }),
    'values that contain the canary key',
  ).toEqual([]);

  return {
    step,
    fault,
    mode,
    outcome,
    row: row?.status ?? 'no row',
    code: row?.error?.code ?? null,
    requestId: row !== undefined && job !== undefined && row.requestId === job.requestId,
    submits: submitsBefore,
    jobs: jobsBefore,
    after,
    wayBack,
  };
}

describe('fault matrix: every step × 429 / 500 / reset / timeout, once and persistently, over a loopback xAI', () => {
  it('covers every step with every fault', () => {
    const steps = new Set(matrix.map(([step]) => step));
    expect([...steps].sort()).toEqual(
      ['first-frame', 'submit', 'status', 'download', 'storage put', 'ledger insert', 'ledger update →submitted', 'ledger update →succeeded'].sort(),
    );
    for (const step of steps) expect(matrix.filter(([candidate]) => candidate === step).map(([, fault]) => fault).sort()).toEqual(['429', '500', 'reset', 'timeout']);
  });

  for (const [step, fault, once, persistent] of matrix) {
    for (const [mode, expected] of [['once', once], ['persistent', persistent]] as const) {
      it(`${step} · ${fault} · ${mode} → ${expected.outcome}, row ${expected.row}`, async () => {
        const result = await runScenario(step, fault, mode, expected);
        observed.push(result);
        const { step: _step, fault: _fault, mode: _mode, wayBack: _wayBack, ...actual } = result;
        expect(actual).toEqual(expected);
      });
    }
  }
});
