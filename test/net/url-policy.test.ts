import { checkUrlPolicy, createVideoConductor, fetchWithUrlPolicy, isPrivateAddress, type UrlPolicyLookup } from '@ring/video-conductor';
import { createFakeTime, createTestMp4, MemoryLedger, MemoryStorage, ScriptedVideoProvider } from '@ring/video-conductor/testing';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { rejectionOf } from '../conductor/conductor-harness.js';

/** Resolves names from a table; unknown names fail like NXDOMAIN. */
function lookupFrom(table: Record<string, string[]>): UrlPolicyLookup {
  return async (hostname) => {
    const addresses = table[hostname];
    if (addresses === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

const lookup = lookupFrom({
  'cdn.example.com': ['93.184.216.34'],
  'other.example.net': ['93.184.216.35'],
  'internal.example.com': ['10.0.0.1'],
  'mixed.example.com': ['93.184.216.34', '127.0.0.1'],
  'mapped.example.com': ['::ffff:127.0.0.1'],
  'v6.example.com': ['2606:2800:220:1:248:1893:25c8:1946'],
  'ula.example.com': ['fd00:ec2::254'],
});

/** A fetch that records every URL it was asked for and answers from a table of redirects. */
function recordingFetch(redirects: Record<string, string>) {
  const requested: string[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = String(input);
    requested.push(url);
    expect(init?.redirect).toBe('manual');
    const location = redirects[url];
    if (location !== undefined) return new Response(null, { status: 302, headers: { location } });
    return new Response(createTestMp4() as Uint8Array<ArrayBuffer>, { status: 200, headers: { 'content-type': 'video/mp4' } });
  };
  return { fetch, requested };
}

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1', '127.255.255.254', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1',
    '100.100.100.200', '0.0.0.0', '224.0.0.1', '239.255.255.250', '255.255.255.255', '198.18.0.1',
    '::1', '::', 'fe80::1', 'fc00::1', 'fd00:ec2::254', 'ff02::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:169.254.169.254',
    '::ffff:10.0.0.1', '64:ff9b::a9fe:a9fe', '2002:7f00:1::', '[::1]', 'not-an-address',
  ])('%s is refused', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(['93.184.216.34', '8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:2800:220:1:248:1893:25c8:1946', '::ffff:93.184.216.34'])(
    '%s is public',
    (address) => {
      expect(isPrivateAddress(address)).toBe(false);
    },
  );
});

describe('checkUrlPolicy', () => {
  it.each([
    ['http is refused by default', 'http://cdn.example.com/v.mp4'],
    ['ftp is refused', 'ftp://cdn.example.com/v.mp4'],
    ['file is refused', 'file:///etc/passwd'],
    ['a loopback literal', 'https://127.0.0.1/v.mp4'],
    ['the metadata address', 'https://169.254.169.254/latest/meta-data/'],
    ['a decimal loopback literal', 'https://2130706433/v.mp4'],
    ['an IPv6 loopback literal', 'https://[::1]/v.mp4'],
    ['an IPv4-mapped loopback literal', 'https://[::ffff:127.0.0.1]/v.mp4'],
    ['localhost', 'https://localhost/v.mp4'],
    ['a name that resolves to 10.0.0.1', 'https://internal.example.com/v.mp4'],
    ['a name with one private address among public ones', 'https://mixed.example.com/v.mp4'],
    ['a name resolving to ::ffff:127.0.0.1', 'https://mapped.example.com/v.mp4'],
    ['a name resolving to an ULA (AWS metadata v6)', 'https://ula.example.com/v.mp4'],
    ['a name that does not resolve', 'https://nowhere.example.com/v.mp4'],
    ['not a URL', 'v.mp4'],
  ])('%s', async (_label, url) => {
    const error = await rejectionOf(checkUrlPolicy(url, { lookup }));
    expect(error).toMatchObject({ code: 'URL_REFUSED', isRetryable: false });
    expect((error as Error).message).toContain('refused by URL policy');
  });

  it('accepts public names and addresses', async () => {
    await checkUrlPolicy('https://cdn.example.com/v.mp4', { lookup });
    await checkUrlPolicy('https://v6.example.com/v.mp4', { lookup });
    await checkUrlPolicy('https://93.184.216.34/v.mp4', { lookup });
  });

  it('opt-ins: allowHttp and allowPrivateAddresses', async () => {
    await checkUrlPolicy('http://127.0.0.1:8080/v.mp4', { allowHttp: true, allowPrivateAddresses: true });
    await expect(checkUrlPolicy('http://127.0.0.1:8080/v.mp4', { allowHttp: true })).rejects.toMatchObject({ code: 'URL_REFUSED' });
    await expect(checkUrlPolicy('http://cdn.example.com/v.mp4', { allowPrivateAddresses: true })).rejects.toMatchObject({ code: 'URL_REFUSED' });
  });

  it('allowedHosts: exact names and *. subdomains only', async () => {
    const policy = { lookup: lookupFrom({ 'cdn.example.com': ['93.184.216.34'], 'a.media.example.org': ['93.184.216.34'], 'evil.com': ['93.184.216.34'] }), allowedHosts: ['CDN.example.com', '*.media.example.org'] };
    await checkUrlPolicy('https://cdn.example.com/v.mp4', policy);
    await checkUrlPolicy('https://a.media.example.org/v.mp4', policy);
    await expect(checkUrlPolicy('https://media.example.org/v.mp4', policy)).rejects.toMatchObject({ code: 'URL_REFUSED' });
    await expect(checkUrlPolicy('https://evil.com/v.mp4', policy)).rejects.toMatchObject({ code: 'URL_REFUSED' });
  });
});

describe('fetchWithUrlPolicy: redirects are followed by hand, every hop re-checked', () => {
  it.each([
    ['the metadata address over http', 'http://169.254.169.254/latest/meta-data/iam/'],
    ['https loopback', 'https://127.0.0.1/admin'],
    ['a name resolving to 10.0.0.1', 'https://internal.example.com/secret'],
    ['an IPv4-mapped loopback', 'https://[::ffff:127.0.0.1]/admin'],
    ['a name resolving to ::ffff:127.0.0.1', 'https://mapped.example.com/admin'],
    ['an https → http downgrade to a public host', 'http://other.example.net/v.mp4'],
  ])('a redirect to %s is refused and never requested', async (_label, target) => {
    const { fetch, requested } = recordingFetch({ 'https://cdn.example.com/v.mp4': target });
    const error = await rejectionOf(fetchWithUrlPolicy('https://cdn.example.com/v.mp4', {}, { lookup }, fetch));
    expect(error).toMatchObject({ code: 'URL_REFUSED' });
    expect(requested).toEqual(['https://cdn.example.com/v.mp4']);
  });

  it('follows up to 5 redirects and refuses the sixth', async () => {
    const chain: Record<string, string> = {};
    for (let hop = 0; hop < 6; hop++) chain[`https://cdn.example.com/${hop}`] = `https://cdn.example.com/${hop + 1}`;
    const fiveOk = recordingFetch(Object.fromEntries(Object.entries(chain).slice(0, 5)));
    const response = await fetchWithUrlPolicy('https://cdn.example.com/0', {}, { lookup }, fiveOk.fetch);
    expect(response.status).toBe(200);
    expect(fiveOk.requested).toHaveLength(6);

    const six = recordingFetch(chain);
    await expect(fetchWithUrlPolicy('https://cdn.example.com/0', {}, { lookup }, six.fetch)).rejects.toMatchObject({ code: 'URL_REFUSED' });
    expect(six.requested).toHaveLength(6);
  });

  it('a relative redirect is resolved against the hop and allowed when public', async () => {
    const { fetch, requested } = recordingFetch({ 'https://cdn.example.com/a': '/b' });
    const response = await fetchWithUrlPolicy('https://cdn.example.com/a', {}, { lookup }, fetch);
    expect(response.status).toBe(200);
    expect(requested).toEqual(['https://cdn.example.com/a', 'https://cdn.example.com/b']);
  });
});

describe('fetchWithUrlPolicy over real HTTP (Node fetch, loopback opted in)', () => {
  it('follows a redirect within allowedHosts and refuses one that leaves them, before sending to it', async () => {
    const seen: string[] = [];
    const server = createServer((request, response) => {
      seen.push(`${request.headers.host} ${request.url}`);
      const port = (server.address() as AddressInfo).port;
      if (request.url === '/a') response.writeHead(302, { location: '/b' }).end();
      else if (request.url === '/b') response.writeHead(301, { location: `http://localhost:${port}/c` }).end();
      else response.writeHead(200).end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const policy = { allowHttp: true, allowPrivateAddresses: true, allowedHosts: ['127.0.0.1'] };
      const error = await rejectionOf(fetchWithUrlPolicy(`${origin}/a`, {}, policy));
      expect(error).toMatchObject({ code: 'URL_REFUSED' });
      expect(seen.map((line) => line.split(' ')[1])).toEqual(['/a', '/b']);
    } finally {
      server.close();
      server.closeAllConnections();
    }
  });
});

describe('the conductor downloads through its URL policy', () => {
  it('a provider URL that redirects to the metadata address is refused with no request reaching it; the row keeps the URL', async () => {
    const provider = new ScriptedVideoProvider({ baseUrl: 'https://cdn.example.com/' });
    const { fetch, requested } = recordingFetch({ 'https://cdn.example.com/job-1.mp4': 'http://169.254.169.254/latest/meta-data/' });
    const storage = new MemoryStorage();
    const ledger = new MemoryLedger();
    const conductor = createVideoConductor({ provider, storage, ledger, fetch, urlPolicy: { lookup }, sleep: async () => {}, persistRetries: 0 });
    const result = await conductor.generate({ prompt: 'x' });
    expect(result).toMatchObject({ success: false, status: 'persist_failed', video: null });
    expect(requested).toEqual(['https://cdn.example.com/job-1.mp4']);
    expect(storage.keys()).toEqual([]);
    const row = await ledger.get(result.recordId);
    expect(row).toMatchObject({ status: 'persist_failed', temporaryUrl: 'https://cdn.example.com/job-1.mp4' });
    expect(row!.error!.message).toContain('refused by URL policy');
  });

  it('a provider URL on loopback is refused by default and allowed with the explicit opt-in', async () => {
    const provider = new ScriptedVideoProvider({ baseUrl: 'http://127.0.0.1:9/' });
    const strict = createVideoConductor({ provider, storage: new MemoryStorage(), fetch: provider.fetch, sleep: async () => {} });
    expect(await strict.generate({ prompt: 'x' })).toMatchObject({ status: 'persist_failed' });
    expect(provider.downloads).toEqual([]);

    const provider2 = new ScriptedVideoProvider({ baseUrl: 'http://127.0.0.1:9/' });
    const { clock, sleep } = createFakeTime();
    const open = createVideoConductor({ provider: provider2, storage: new MemoryStorage(), fetch: provider2.fetch, urlPolicy: { allowHttp: true, allowPrivateAddresses: true }, clock, sleep });
    expect(await open.generate({ prompt: 'x' })).toMatchObject({ status: 'succeeded' });
  });
});
