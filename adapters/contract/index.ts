/**
 * `@ring/video-conductor/contract` — the port contract suites. Every adapter, ours or a
 * third party's, proves it implements a port by running the same suite: a few lines of
 * harness plus the tests that are truly specific to it.
 *
 * Needs vitest (an optional peer dependency): each `describe…Contract` call registers a
 * `describe` block, so call it at the top level of a test file.
 *
 * @example
 * ```ts
 * // test/my-storage.test.ts
 * import { describeStorageContract } from '@ring/video-conductor/contract';
 * import { MyStorage } from '../src/my-storage.js';
 *
 * describeStorageContract('MyStorage', {
 *   create: () => new MyStorage({ bucket: 'test' }),
 *   read: (storage, key) => storage.readForTest(key),
 * });
 * ```
 *
 * @module
 */
export { describeStorageContract, type StorageContractHarness } from './storage-contract.js';
export { describeLedgerContract, type LedgerContractHarness } from './ledger-contract.js';
export { sampleVideoRecord } from './sample-video-record.js';
export { describeVideoProviderContract, type VideoProviderContractHarness } from './video-provider-contract.js';
