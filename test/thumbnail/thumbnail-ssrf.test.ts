import { createVideoConductor, VideoConductorError, type UrlPolicyLookup } from '@ring/video-conductor';
import { createFakeTime, MemoryLedger, MemoryStorage, ScriptedVideoProvider } from '@ring/video-conductor/testing';
import { createSharpThumbnailRenderer } from '@ring/video-conductor/thumbnail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectionOf, solidPng, startServer } from './thumbnail-test-helpers.js';

/**
 * The caller's imageUrl names a public host (`frames.example.com`, resolved by the injected
 * lookup); the injected fetch plays that host. The loopback server stands for what an
 * attacker wants to reach: it must see no request at all.
 */
const lookup: UrlPolicyLookup = async (hostname) => {
  if (hostname === 'frames.example.com') return [{ address: '93.184.216.34', family: 4 }];
  if (hostname === 'internal.example.com') return [{ address: '10.0.0.1', family: 4 }];
  if (hostname === 'mapped.example.com') return [{ address: '::ffff:127.0.0.1', family: 6 }];
  throw new Error(`ENOTFOUND ${hostname}`);
};

let internal: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  internal = await startServer({ '/latest/meta-data/': { body: new TextEncoder().encode('iam-role-secret'), contentType: 'text/plain' }, '/frame.png': { body: await solidPng(64, 36, '#00ff00') } });
});
afterAll(() => internal.close());

/** Plays `https://frames.example.com`: answers from `routes`; anything else goes to the real network (loopback). */
function publicHost(routes: Record<string, () => Response>) {
  const requested: string[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = String(input);
    requested.push(url);
    const route = routes[url];
    if (route !== undefined) return route();
    return globalThis.fetch(input, init);
  };
  return { fetch, requested };
}

const redirectTo = (location: string) => () => new Response(null, { status: 302, headers: { location } });
const videoUrl = 'memory://video-conductor/videos/x.mp4';

describe('thumbnail first frames go through the URL policy (SSRF)', () => {
  it.each([
    ['the loopback server over http', () => `${internal.origin}/latest/meta-data/`],
    ['the loopback server over https', () => `${internal.origin.replace('http:', 'https:')}/latest/meta-data/`],
    ['the metadata address', () => 'http://169.254.169.254/latest/meta-data/'],
    ['a name resolving to 10.0.0.1', () => 'https://internal.example.com/frame.png'],
    ['a name resolving to ::ffff:127.0.0.1', () => 'https://mapped.example.com/frame.png'],
    ['an IPv4-mapped loopback literal', () => `https://[::ffff:127.0.0.1]:${new URL(internal.origin).port}/frame.png`],
  ])('an imageUrl that redirects to %s is refused, and nothing reaches it', async (_label, target) => {
    const before = internal.requests.length;
    const host = publicHost({ 'https://frames.example.com/still.png': redirectTo(target()) });
    const renderer = createSharpThumbnailRenderer({ fetch: host.fetch, urlPolicy: { lookup } });
    const error = await rejectionOf(renderer.render({ spec: { title: 'x' }, firstFrameUrl: 'https://frames.example.com/still.png', videoUrl }));
    expect(VideoConductorError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'URL_REFUSED' });
    expect((error as Error).message).toContain('refused by URL policy');
    expect(host.requested).toEqual(['https://frames.example.com/still.png']);
    expect(internal.requests.length).toBe(before);
  });

  it('a loopback imageUrl is refused by default, without a request', async () => {
    const before = internal.requests.length;
    const error = await rejectionOf(createSharpThumbnailRenderer().render({ spec: {}, firstFrameUrl: `${internal.origin}/frame.png`, videoUrl }));
    expect(error).toMatchObject({ code: 'URL_REFUSED' });
    expect(internal.requests.length).toBe(before);
  });

  it('a failing caller URL gets one fixed sentence: no status, no body', async () => {
    const answers = [
      () => new Response('internal-banner-v1.2 secret', { status: 500 }),
      () => new Response('nope', { status: 403 }),
      () => new Response('hello', { status: 200, headers: { 'content-type': 'text/html' } }),
    ];
    const messages = new Set<string>();
    for (const answer of answers) {
      const host = publicHost({ 'https://frames.example.com/still.png': answer });
      const error = await rejectionOf(createSharpThumbnailRenderer({ fetch: host.fetch, urlPolicy: { lookup } }).render({ spec: {}, firstFrameUrl: 'https://frames.example.com/still.png', videoUrl }));
      const message = (error as Error).message;
      expect(message).not.toMatch(/500|403|secret|banner|hello|nope|html/i);
      messages.add(message.replace(/^Rendering the thumbnail with sharp failed: .*$/, 'decode'));
    }
    expect([...messages].every((message) => message.includes('could not be downloaded') || message === 'decode')).toBe(true);
  });

  it('caps the first frame while streaming: an endless body is broken off at 64 MiB', async () => {
    const chunk = new Uint8Array(1024 * 1024);
    let pulled = 0;
    const endless = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            pulled += 1;
            controller.enqueue(chunk);
          },
        }),
        { status: 200, headers: { 'content-type': 'image/png' } },
      );
    const host = publicHost({ 'https://frames.example.com/still.png': endless });
    const error = await rejectionOf(createSharpThumbnailRenderer({ fetch: host.fetch, urlPolicy: { lookup } }).render({ spec: {}, firstFrameUrl: 'https://frames.example.com/still.png', videoUrl }));
    expect(error).toMatchObject({ code: 'FIRST_FRAME_UNAVAILABLE' });
    expect(pulled).toBeLessThan(70);
  }, 20_000);

  it('through the conductor: the warning on the job is the fixed sentence and nothing internal is requested', async () => {
    const before = internal.requests.length;
    const provider = new ScriptedVideoProvider();
    const host = publicHost({
      'https://frames.example.com/still.png': redirectTo('http://169.254.169.254/latest/meta-data/'),
      'https://frames.example.com/broken.png': () => new Response('stack trace of internal-service', { status: 502 }),
    });
    const ledger = new MemoryLedger();
    const time = createFakeTime();
    const conductor = createVideoConductor({
      provider,
      storage: new MemoryStorage(),
      ledger,
      fetch: provider.fetch,
      urlPolicy: provider.urlPolicy,
      thumbnailRenderer: createSharpThumbnailRenderer({ fetch: host.fetch, urlPolicy: { lookup } }),
      // Polls on fake time: the scripted job's status interval passes at once.
      clock: time.clock,
      sleep: time.sleep,
    });
    const refused = await conductor.generate({ prompt: 'x', imageUrl: 'https://frames.example.com/still.png', thumbnail: { title: 'x' } });
    expect(refused).toMatchObject({ status: 'succeeded', thumbnail: null });
    const refusedWarning = refused.warnings.find((warning) => 'message' in warning && warning.message.includes('thumbnail'));
    expect(refusedWarning).toMatchObject({ message: expect.stringContaining('refused by URL policy') });

    const broken = await conductor.generate({ prompt: 'y', imageUrl: 'https://frames.example.com/broken.png', thumbnail: { title: 'y' } });
    const brokenWarning = broken.warnings.find((warning) => 'message' in warning && warning.message.includes('thumbnail'));
    expect(brokenWarning).toMatchObject({ message: expect.stringContaining('could not be downloaded') });
    expect(JSON.stringify(broken.warnings)).not.toMatch(/502|stack trace|internal-service/);
    expect(internal.requests.length).toBe(before);
  });
});
