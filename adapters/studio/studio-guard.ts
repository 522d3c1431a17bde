import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { InvalidRequestError } from '@ring/video-conductor';

/** The host names accepted by default: those of loopback. */
export const loopbackHostNames: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** The cookie the studio's sign-in form sets (HttpOnly, SameSite=Strict), holding the token for the browser. */
export const studioTokenCookie = 'vc_studio_token';

/**
 * Whether a listen address is loopback only: `localhost`, `127.0.0.0/8` or `::1`.
 *
 * @example
 * ```ts
 * isLoopbackHost('127.0.0.1'); // true
 * isLoopbackHost('0.0.0.0'); // false
 * ```
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}

/** `Example.COM` → `example.com`, `::1` → `[::1]`; `undefined` for anything that is not a bare host name. */
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
 * The normalised host names the studio accepts in `Host` and `Origin`.
 * @throws InvalidRequestError (field `allowedHosts[i]`, code `STUDIO_ALLOWED_HOST_INVALID`) for an entry that is not a host name.
 */
export function resolveStudioAllowedHosts(allowedHosts: readonly string[] | undefined): ReadonlySet<string> {
  if (allowedHosts === undefined || allowedHosts.length === 0) return new Set(loopbackHostNames);
  return new Set(
    allowedHosts.map((entry, index) => {
      const name = normalizeHostName(String(entry).trim());
      if (name === undefined) {
        throw new InvalidRequestError(`allowedHosts[${index}] must be a host name without scheme or port, such as studio.example.com, got ${JSON.stringify(entry)}`, {
          field: `allowedHosts[${index}]`,
          code: 'STUDIO_ALLOWED_HOST_INVALID',
        });
      }
      return name;
    }),
  );
}

/** Whether `Host` (and `Origin`, when sent) name an allowed host: stops DNS rebinding and cross-site requests. */
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
    return false;
  }
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Checks presented tokens against the accepted ones without leaking through timing (sha256
 * digests compared with `timingSafeEqual`, every token compared). Only digests are kept.
 *
 * @throws InvalidRequestError (field `tokens[i]`, code `STUDIO_TOKEN_INVALID`) for an empty
 * token, one with whitespace, or one listed twice; the message names the position only.
 */
export function createTokenMatcher(tokens: readonly string[]): (presented: string | undefined) => boolean {
  const seen = new Set<string>();
  const digests = tokens.map((token, index) => {
    if (typeof token !== 'string' || token === '' || /\s/.test(token) || seen.has(token)) {
      throw new InvalidRequestError(`Studio token #${index + 1} is empty, contains whitespace or is listed twice`, { field: `tokens[${index}]`, code: 'STUDIO_TOKEN_INVALID' });
    }
    seen.add(token);
    return sha256(token);
  });
  return (presented) => {
    const digest = sha256(presented ?? '');
    let matched = false;
    for (const accepted of digests) matched = timingSafeEqual(digest, accepted) || matched;
    return presented !== undefined && matched;
  };
}

/** The token a request presents: `Authorization: Bearer <token>`, else the sign-in cookie. */
export function presentedToken(request: IncomingMessage): string | undefined {
  const bearer = /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? '')?.[1];
  if (bearer !== undefined) return bearer;
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === studioTokenCookie) {
      try {
        return decodeURIComponent(rest.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Counts refused requests per client address: `maxFailures` within `windowMs` shut the address out for `windowMs`. */
export function createFailureThrottle(maxFailures = 10, windowMs = 60_000, maxClients = 10_000, now: () => number = Date.now) {
  const clients = new Map<string, { failures: number; windowStart: number; blockedUntil: number }>();
  return {
    /** Seconds the address must wait, or `0`. */
    retryAfterSec(address: string): number {
      const entry = clients.get(address);
      const at = now();
      return entry === undefined || entry.blockedUntil <= at ? 0 : Math.ceil((entry.blockedUntil - at) / 1000);
    },
    /** Records a refusal. */
    fail(address: string): void {
      const at = now();
      let entry = clients.get(address);
      if (entry === undefined || (at - entry.windowStart >= windowMs && entry.blockedUntil <= at)) {
        if (entry === undefined && clients.size >= maxClients) clients.delete(clients.keys().next().value!);
        entry = { failures: 0, windowStart: at, blockedUntil: 0 };
        clients.set(address, entry);
      }
      entry.failures += 1;
      if (entry.failures >= maxFailures) entry.blockedUntil = at + windowMs;
    },
    /** Forgets the address (a valid token was presented). */
    succeed(address: string): void {
      clients.delete(address);
    },
  };
}
