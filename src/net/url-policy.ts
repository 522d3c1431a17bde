import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { VideoConductorError } from '../errors/video-conductor-error.js';

/** One address a host name resolves to. */
export interface ResolvedAddress {
  /** The address, e.g. `93.184.216.34` or `2606:2800::1`. */
  address: string;
  /** 4 or 6. */
  family: number;
}

/**
 * Resolves a host name to every address it has, like `dns.promises.lookup(host, { all: true })`.
 * Injected in tests to map a name to any address without a DNS server.
 */
export type UrlPolicyLookup = (hostname: string) => Promise<ResolvedAddress[]>;

/**
 * Which URLs a server-side fetch (a provider's video download, a first frame read for a
 * thumbnail) may reach. The default is strict: `https:` only (and `data:`, which reaches no
 * host), hosts that resolve to public
 * unicast addresses only, at most 5 redirects, each hop checked again.
 * @example
 * ```ts
 * // A local provider serving on loopback opts in explicitly:
 * const urlPolicy: UrlPolicyOptions = { allowHttp: true, allowPrivateAddresses: true };
 * ```
 */
export interface UrlPolicyOptions {
  /** Allow `http:` URLs (and redirects to them). @default false (https only) */
  allowHttp?: boolean;
  /**
   * Allow hosts that are or resolve to loopback, private (RFC 1918, IPv6 ULA), link-local,
   * CGNAT, multicast, cloud-metadata (`169.254.169.254`, `fd00:ec2::254`) or other reserved
   * addresses, IPv4-mapped IPv6 included. @default false
   */
  allowPrivateAddresses?: boolean;
  /**
   * Host names allowed, compared case-insensitively; `*.example.com` allows every subdomain
   * of `example.com` (not `example.com` itself). Checked on every redirect hop.
   * `undefined`: any host that passes the address check.
   */
  allowedHosts?: readonly string[];
  /** Redirects followed, each re-checked; one more is refused. @default 5 */
  maxRedirects?: number;
  /** Resolves host names. @default `dns.promises.lookup` with `{ all: true }` */
  lookup?: UrlPolicyLookup;
}

/** Default {@link UrlPolicyOptions.maxRedirects}. */
export const defaultMaxRedirects = 5;

const blockedV4 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // CGNAT (also Alibaba's metadata 100.100.100.200)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata 169.254.169.254
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  blockedV4.addSubnet(network, prefix, 'ipv4');
}

const blockedV6 = new BlockList();
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['::', 96], // IPv4-compatible (deprecated)
  ['100::', 64], // discard
  ['2001::', 32], // Teredo
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local (also AWS metadata fd00:ec2::254)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  blockedV6.addSubnet(network, prefix, 'ipv6');
}

/**
 * The IPv4 address embedded in an IPv6 one that carries it (IPv4-mapped `::ffff:a.b.c.d`,
 * NAT64 `64:ff9b::/96`, 6to4 `2002::/16`), or `undefined`.
 */
function embeddedIpv4(address: string): string | undefined {
  const groups = expandIpv6(address);
  if (groups === undefined) return undefined;
  const v4 = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  const zeros = (from: number, to: number) => groups.slice(from, to).every((group) => group === 0);
  if (zeros(0, 5) && groups[5] === 0xffff) return v4(groups[6]!, groups[7]!);
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6)) return v4(groups[6]!, groups[7]!);
  if (groups[0] === 0x2002) return v4(groups[1]!, groups[2]!);
  return undefined;
}

/** The eight 16-bit groups of an IPv6 address (dotted IPv4 tail allowed), or `undefined`. */
function expandIpv6(address: string): number[] | undefined {
  let text = address.toLowerCase().split('%')[0]!;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted !== null) {
    const parts = dotted[1]!.split('.').map(Number);
    text = `${text.slice(0, dotted.index)}${((parts[0]! << 8) | parts[1]!).toString(16)}:${((parts[2]! << 8) | parts[3]!).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  if (tail === undefined ? missing !== 0 : missing < 0) return undefined;
  const groups = [...headGroups, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailGroups].map((group) => Number.parseInt(group, 16));
  return groups.length === 8 && groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff) ? groups : undefined;
}

/**
 * Whether an IP address is one a server-side fetch must not reach by default: loopback,
 * private, link-local (cloud metadata), CGNAT, multicast, documentation and other reserved
 * ranges, for IPv4, IPv6 and IPv4 embedded in IPv6 (`::ffff:127.0.0.1`).
 * @example
 * ```ts
 * isPrivateAddress('169.254.169.254'); // true
 * isPrivateAddress('::ffff:10.0.0.1'); // true
 * isPrivateAddress('93.184.216.34'); // false
 * ```
 */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare.split('%')[0]!);
  if (family === 4) return blockedV4.check(bare, 'ipv4');
  if (family !== 6) return true; // not an address at all: refuse rather than guess
  const v4 = embeddedIpv4(bare);
  if (v4 !== undefined) return blockedV4.check(v4, 'ipv4');
  return blockedV6.check(bare.split('%')[0]!, 'ipv6');
}

/**
 * The error of a URL refused by the URL policy (internal to core's net folder). The message names the URL's origin and path and a fixed
 * reason of ours, never anything the target answered. `code` is `URL_REFUSED`; not retryable.
 */
export function urlPolicyRefusal(url: string, reason: string): VideoConductorError {
  return new VideoConductorError(`${describePolicyUrl(url)} was refused by URL policy: ${reason}`, { code: 'URL_REFUSED', isRetryable: false });
}

/** Origin and path of a URL, without query (signatures) or credentials. */
function describePolicyUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return 'The URL';
  }
}

function hostAllowed(hostname: string, allowedHosts: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return allowedHosts.some((pattern) => {
    const wanted = pattern.toLowerCase().replace(/\.$/, '');
    return wanted.startsWith('*.') ? host.endsWith(wanted.slice(1)) && host.length > wanted.length - 1 : host === wanted;
  });
}

const systemLookup: UrlPolicyLookup = async (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * Checks one URL (one hop) against a policy: scheme, allowed hosts, and every address the
 * host resolves to. Resolves when the URL may be fetched.
 *
 * A check before connecting cannot by itself stop DNS rebinding (a name that answers a
 * public address to this lookup and a private one to the connect that follows); see
 * `docs/security.md` for what is and is not covered.
 *
 * @throws VideoConductorError `URL_REFUSED` ("… was refused by URL policy: …").
 * @example
 * ```ts
 * await checkUrlPolicy('https://cdn.example.com/v.mp4', {}); // resolves
 * await checkUrlPolicy('http://169.254.169.254/latest/meta-data/', {}); // throws URL_REFUSED
 * ```
 */
export async function checkUrlPolicy(url: string, policy: UrlPolicyOptions = {}): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw urlPolicyRefusal(url, 'it is not an absolute URL');
  }
  // A data: URL carries its bytes and reaches no host (providers hand out small videos so).
  if (parsed.protocol === 'data:') return;
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && policy.allowHttp === true)) {
    throw urlPolicyRefusal(url, policy.allowHttp === true ? 'only http: and https: URLs are fetched' : 'only https: URLs are fetched');
  }
  const hostname = parsed.hostname.replace(/^\[|\]$/g, '');
  if (policy.allowedHosts !== undefined && !hostAllowed(hostname, policy.allowedHosts)) {
    throw urlPolicyRefusal(url, 'the host is not in allowedHosts');
  }
  if (policy.allowPrivateAddresses === true) return;
  if (isIP(hostname) !== 0) {
    if (isPrivateAddress(hostname)) throw urlPolicyRefusal(url, 'the address is private, loopback, link-local or reserved');
    return;
  }
  const lower = hostname.toLowerCase().replace(/\.$/, '');
  if (lower === 'localhost' || lower.endsWith('.localhost')) throw urlPolicyRefusal(url, 'the address is private, loopback, link-local or reserved');
  let addresses: ResolvedAddress[];
  try {
    addresses = await (policy.lookup ?? systemLookup)(hostname);
  } catch {
    throw urlPolicyRefusal(url, 'the host name could not be resolved');
  }
  if (addresses.length === 0) throw urlPolicyRefusal(url, 'the host name could not be resolved');
  if (addresses.some((entry) => isPrivateAddress(entry.address))) {
    throw urlPolicyRefusal(url, 'the host resolves to a private, loopback, link-local or reserved address');
  }
}
