import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { InvalidRequestError } from '@ring/video-conductor';

/** The host names a server bound to loopback accepts by default. */
export const loopbackHostNames: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/**
 * Whether a listen address is loopback only: `localhost`, `127.0.0.0/8` or `::1`. `0.0.0.0`
 * and `::` (every interface) are not.
 *
 * @example
 * ```ts
 * isLoopbackAddress('127.0.0.1'); // true
 * isLoopbackAddress('0.0.0.0'); // false
 * ```
 */
export function isLoopbackAddress(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}

/** `Example.COM` → `example.com`, `::1` → `[::1]`: the form `URL.hostname` gives. */
function normalizeHostName(name: string): string | undefined {
  if (name === '' || /[/?#@\s]/.test(name)) return undefined;
  try {
    const url = new URL(`http://${isIP(name) === 6 ? `[${name}]` : name}`);
    return url.port === '' ? url.hostname : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The host names to accept in `Host` and `Origin`, normalised: `allowedHosts` when given, else
 * the loopback names when `host` is loopback.
 *
 * @throws InvalidRequestError (field `allowedHosts`, code `MCP_ALLOWED_HOSTS_MISSING`) when
 * `host` is beyond loopback and no list was given; (code `MCP_ALLOWED_HOST_INVALID`) for an
 * entry that is not a host name.
 */
export function resolveAllowedHosts(host: string, allowedHosts: readonly string[] | undefined): ReadonlySet<string> {
  if (allowedHosts === undefined || allowedHosts.length === 0) {
    if (!isLoopbackAddress(host)) {
      throw new InvalidRequestError(
        `The MCP HTTP server binds to ${host}, beyond loopback: list the host names clients use to reach it (allowedHosts; CLI --allowed-hosts or RING_MCP_ALLOWED_HOSTS)`,
        { field: 'allowedHosts', code: 'MCP_ALLOWED_HOSTS_MISSING' },
      );
    }
    return new Set(loopbackHostNames);
  }
  return new Set(
    allowedHosts.map((entry, index) => {
      const name = normalizeHostName(entry.trim());
      if (name === undefined) {
        throw new InvalidRequestError(`allowedHosts[${index}] must be a host name without scheme or port, such as mcp.example.com, got ${JSON.stringify(entry)}`, {
          field: `allowedHosts[${index}]`,
          code: 'MCP_ALLOWED_HOST_INVALID',
        });
      }
      return name;
    }),
  );
}

/**
 * Whether the request's `Host` (and `Origin`, when sent) name an allowed host: a web page on
 * another site that resolves its own name to this server (DNS rebinding) sends its own name in
 * both, and is refused.
 */
export function isAllowedHostRequest(request: IncomingMessage, allowed: ReadonlySet<string>): boolean {
  const hostHeader = request.headers.host;
  if (hostHeader === undefined) return false;
  let hostName: string;
  try {
    hostName = new URL(`http://${hostHeader}`).hostname;
  } catch {
    return false;
  }
  if (!allowed.has(hostName)) return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return allowed.has(new URL(origin).hostname);
  } catch {
    // `Origin: null` (sandboxed frames, file://) and anything unparsable.
    return false;
  }
}
