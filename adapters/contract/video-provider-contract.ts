import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ProviderError,
  VideoConductorError,
  type ProviderVideoInput,
  type ProviderVideoStatus,
  type VideoProvider,
} from '@ring/video-conductor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeThrown, rejectionOf } from './rejection-of.js';

/** The operations the suite exercises, named as the capability flags that declare them. */
type ContractOperation = 'textToVideo' | 'imageToVideo' | 'edit' | 'extend';

const contractOperations: readonly ContractOperation[] = ['textToVideo', 'imageToVideo', 'edit', 'extend'];

/** How {@link describeVideoProviderContract} creates and drives the provider under test. */
export interface VideoProviderContractHarness<P extends VideoProvider = VideoProvider> {
  /** Creates the provider under test; called once, before the first case. */
  create(): P | Promise<P>;
  /**
   * One input per operation. An operation whose input is missing is skipped with a
   * reason, like one the capabilities do not declare. Against a paid API every given
   * input starts one real job.
   */
  inputs: {
    /** `operation: 'generate'` without `imageUrl`. */
    textToVideo: ProviderVideoInput;
    /** `operation: 'generate'` with `imageUrl`. */
    imageToVideo?: ProviderVideoInput;
    /** `operation: 'edit'` with `sourceVideoUrl`. */
    edit?: ProviderVideoInput;
    /** `operation: 'extend'` with `sourceVideoUrl`. */
    extend?: ProviderVideoInput;
  };
  /** Wait between two status calls of one job, in ms. @default 0 */
  pollIntervalMs?: number;
  /** Status calls after which a job that is still pending fails the case. @default 50 */
  maxPolls?: number;
  /** A request id the provider has never issued, in its format. @default a random UUID */
  unknownRequestId?: string;
  /** Timeout of each case, in ms; raise it for a real provider. `undefined`: vitest's `testTimeout`. */
  testTimeoutMs?: number;
  /** Called once after the last case. */
  cleanup?(provider: P): void | Promise<void>;
}

/**
 * Registers the `VideoProvider` port's contract as a vitest suite: identity and
 * well-formed capabilities; for each operation the capabilities declare (and the harness
 * gives an input for), a job that is submitted and polled to a valid terminal state;
 * `JOB_NOT_FOUND` for an unknown request id; already-aborted signals; and that every
 * error is a `VideoConductorError`. Operations that cannot run are reported as skipped
 * with the reason, never passed silently.
 *
 * Each operation submits at most one job (the abort case reuses one), which matters
 * against a paid API.
 *
 * @param name Shown in the suite title, e.g. `'xai (msw)'`.
 * @example
 * ```ts
 * import { describeVideoProviderContract } from '@ring/video-conductor/contract';
 * import { ScriptedVideoProvider } from '@ring/video-conductor/testing';
 *
 * describeVideoProviderContract('ScriptedVideoProvider', {
 *   create: () => new ScriptedVideoProvider(),
 *   inputs: { textToVideo: { operation: 'generate', model: 'm', prompt: 'a fox', durationSec: 4 } },
 * });
 * ```
 */
export function describeVideoProviderContract<P extends VideoProvider>(
  name: string,
  harness: VideoProviderContractHarness<P>,
): void {
  describe(`VideoProvider contract: ${name}`, () => {
    let provider: P;
    /** One submitted job per operation, shared by the cases that need a job. */
    const jobs = new Map<ContractOperation, Promise<string>>();
    const timeout = harness.testTimeoutMs;

    /** Awaits a provider call; a rejection must be a `VideoConductorError` (then re-thrown). */
    const call = async <T>(what: string, promise: Promise<T>): Promise<T> => {
      try {
        return await promise;
      } catch (error) {
        expect(VideoConductorError.isInstance(error), `${what} rejected with ${describeThrown(error)}, which is not a VideoConductorError`).toBe(true);
        throw error;
      }
    };
    /** Why an operation cannot run, or `undefined` when it can. */
    const skipReason = (operation: ContractOperation): string | undefined => {
      if (!provider.capabilities[operation]) return `capabilities.${operation} is false`;
      if (harness.inputs[operation] === undefined) return `the harness gives no inputs.${operation}`;
      return undefined;
    };
    const submitted = (operation: ContractOperation, input: ProviderVideoInput): Promise<string> => {
      let job = jobs.get(operation);
      if (job === undefined) {
        job = call(`submit (${operation})`, provider.submit(input)).then((result) => result.requestId);
        jobs.set(operation, job);
      }
      return job;
    };

    beforeAll(async () => {
      provider = await harness.create();
    });

    afterAll(async () => {
      if (provider !== undefined) await harness.cleanup?.(provider);
    });

    it('identifies itself: specificationVersion v1 and a non-empty id', () => {
      expect(provider.specificationVersion).toBe('v1');
      expect(typeof provider.id === 'string' && provider.id.length > 0, 'id must be a non-empty string').toBe(true);
    });

    it('declares well-formed capabilities', () => {
      const { capabilities } = provider;
      for (const flag of ['textToVideo', 'imageToVideo', 'edit', 'extend', 'cancel'] as const) {
        expect(typeof capabilities[flag], `capabilities.${flag} must be a boolean`).toBe('boolean');
      }
      const { min, max } = capabilities.durations;
      expect(Number.isInteger(min) && Number.isInteger(max), 'durations must be whole seconds').toBe(true);
      expect(min).toBeGreaterThan(0);
      expect(min).toBeLessThanOrEqual(max);
      for (const list of ['resolutions', 'aspectRatios'] as const) {
        expect(Array.isArray(capabilities[list]), `capabilities.${list} must be an array`).toBe(true);
        expect(capabilities[list].length, `capabilities.${list} must not be empty`).toBeGreaterThan(0);
        expect(capabilities[list].every((value) => typeof value === 'string' && value.length > 0)).toBe(true);
      }
      if (capabilities.imageToVideoAspectRatios !== undefined) {
        expect(Array.isArray(capabilities.imageToVideoAspectRatios), 'capabilities.imageToVideoAspectRatios must be an array').toBe(true);
        expect(capabilities.imageToVideoAspectRatios.every((value) => typeof value === 'string' && value.length > 0)).toBe(true);
      }
      expect(contractOperations.some((operation) => capabilities[operation]), 'at least one operation must be supported').toBe(true);
    });

    it('has a cancel method exactly when capabilities.cancel is true', () => {
      expect(typeof provider.cancel === 'function').toBe(provider.capabilities.cancel);
    });

    for (const operation of contractOperations) {
      it(
        `${operation}: submit returns a request id and polling reaches a valid terminal state`,
        async (context) => {
          const reason = skipReason(operation);
          const input = harness.inputs[operation];
          if (reason !== undefined || input === undefined) return context.skip(reason);

          const requestId = await submitted(operation, input);
          expect(typeof requestId === 'string' && requestId.length > 0, 'requestId must be a non-empty string').toBe(true);
          const maxPolls = harness.maxPolls ?? 50;
          for (let poll = 1; poll <= maxPolls; poll += 1) {
            const status = await call(`getStatus("${requestId}")`, provider.getStatus(requestId));
            expectValidStatus(status);
            if (status.state !== 'pending') return;
            if (poll < maxPolls) await sleep(harness.pollIntervalMs ?? 0);
          }
          expect.fail(`job ${requestId} was still pending after ${maxPolls} status calls`);
        },
        timeout,
      );
    }

    it(
      'getStatus of an unknown request id rejects with ProviderError JOB_NOT_FOUND',
      async () => {
        const requestId = harness.unknownRequestId ?? randomUUID();
        const error = await rejectionOf(provider.getStatus(requestId), `getStatus("${requestId}")`);
        expect(ProviderError.isInstance(error), `must reject with ProviderError, got ${describeThrown(error)}`).toBe(true);
        expect((error as ProviderError).code).toBe('JOB_NOT_FOUND');
      },
      timeout,
    );

    it(
      'submit with an already-aborted signal rejects (with the signal reason or a VideoConductorError)',
      async (context) => {
        const operation = contractOperations.find((candidate) => skipReason(candidate) === undefined);
        const input = operation === undefined ? undefined : harness.inputs[operation];
        if (input === undefined) return context.skip('no operation is both supported and given an input');
        const reason = new Error('contract: aborted before submit');
        const error = await rejectionOf(provider.submit(input, { signal: AbortSignal.abort(reason) }), 'submit with an aborted signal');
        expect(error === reason || VideoConductorError.isInstance(error), `rejected with ${describeThrown(error)}`).toBe(true);
      },
      timeout,
    );

    it(
      'getStatus of a real job with an already-aborted signal rejects (with the signal reason or a VideoConductorError)',
      async (context) => {
        const operation = contractOperations.find((candidate) => skipReason(candidate) === undefined);
        const input = operation === undefined ? undefined : harness.inputs[operation];
        if (operation === undefined || input === undefined) return context.skip('no operation is both supported and given an input');
        const requestId = await submitted(operation, input);
        const reason = new Error('contract: aborted before getStatus');
        const error = await rejectionOf(provider.getStatus(requestId, { signal: AbortSignal.abort(reason) }), 'getStatus with an aborted signal');
        expect(error === reason || VideoConductorError.isInstance(error), `rejected with ${describeThrown(error)}`).toBe(true);
      },
      timeout,
    );
  });
}

/** Fails the case unless `status` has the shape the port documents for its state. */
function expectValidStatus(status: ProviderVideoStatus): void {
  const optionalNumber = (value: unknown, field: string, min: number, max = Number.POSITIVE_INFINITY) => {
    if (value === undefined) return;
    expect(typeof value === 'number' && value >= min && value <= max, `${field} must be a number from ${min} to ${max}, got ${String(value)}`).toBe(true);
  };
  switch (status.state) {
    case 'pending':
      optionalNumber(status.progress, 'pending.progress', 0, 100);
      optionalNumber(status.retryAfterMs, 'pending.retryAfterMs', 0);
      return;
    case 'done':
      expect(typeof status.video?.url === 'string' && status.video.url.length > 0, 'done.video.url must be a non-empty string').toBe(true);
      optionalNumber(status.video.durationSec, 'done.video.durationSec', 0);
      if (status.video.contentType !== undefined) expect(typeof status.video.contentType).toBe('string');
      optionalNumber(status.usage?.costUsd, 'done.usage.costUsd', 0);
      return;
    case 'moderated':
      if (status.message !== undefined) expect(typeof status.message).toBe('string');
      return;
    case 'expired':
      return;
    case 'cancelled':
      if (status.message !== undefined) expect(typeof status.message).toBe('string');
      optionalNumber(status.usage?.costUsd, 'cancelled.usage.costUsd', 0);
      return;
    case 'failed':
      expect(typeof status.code === 'string' && status.code.length > 0, 'failed.code must be a non-empty string').toBe(true);
      expect(typeof status.message, 'failed.message must be a string').toBe('string');
      expect(typeof status.retryable, 'failed.retryable must be a boolean').toBe('boolean');
      return;
    default:
      expect.fail(`unknown status state ${JSON.stringify((status as { state?: unknown }).state)}`);
  }
}
