import type { UrlPolicyLookup } from '@ring/video-conductor';

/**
 * The public address {@link publicTestLookup} answers (`example.com`'s): passes the URL
 * policy's address check without a DNS server.
 * @example
 * ```ts
 * publicTestAddress; // '93.184.216.34'
 * ```
 */
export const publicTestAddress = '93.184.216.34';

/**
 * A `UrlPolicyOptions.lookup` for tests whose URLs use made-up host names (served by an
 * injected `fetch`, never the network): every name resolves to {@link publicTestAddress}.
 * Never use it in production — it disables the address check for names.
 * @example
 * ```ts
 * const conductor = createVideoConductor({ provider, fetch: provider.fetch, urlPolicy: { lookup: publicTestLookup } });
 * ```
 */
export const publicTestLookup: UrlPolicyLookup = async () => [{ address: publicTestAddress, family: 4 }];
