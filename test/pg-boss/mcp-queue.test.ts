import { newPglite } from '../support/pglite-template.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createVideoConductor } from '@ring/video-conductor';
import { createVideoMcpServer } from '@ring/video-conductor/mcp';
import { createVideoQueue } from '@ring/video-conductor/pg-boss';
import { createPostgresLedger, migrate } from '@ring/video-conductor/postgres';
import { createLocalVideoProvider } from '@ring/video-conductor/local';
import { MemoryStorage } from '@ring/video-conductor/testing';
import { fromPglite, PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * MCP with a queue: `ring-video-create` with `wait: false` enqueues (nothing is submitted by the
 * server), the server goes away, a worker makes the video, and a new server answers
 * `ring-video-status` by the idempotency key — the SDK's own client on both sides.
 */
describe('MCP ring-video-create wait=false with a pg-boss queue', () => {
  const pglite = newPglite();
  const provider = createLocalVideoProvider({ polls: 1, pollIntervalMs: 20 });
  const ledger = createPostgresLedger({ db: pglite });
  const conductor = createVideoConductor({ provider, ledger, storage: new MemoryStorage(), fetch: provider.fetch, urlPolicy: provider.urlPolicy, polling: { intervalMs: 20 } });
  const boss = new PgBoss({ db: fromPglite(pglite), backend: 'pglite', superviseIntervalSeconds: 1, monitorIntervalSeconds: 1 });
  const queue = createVideoQueue({ boss, conductor, ledger, name: 'mcp-videos', pollIntervalMs: 50, sweepCron: null });

  beforeAll(async () => {
    await migrate(pglite);
    await boss.start();
  }, 60_000);
  afterAll(async () => {
    await boss.stop({ graceful: false, timeout: 2_000 });
    await provider.close();
    await pglite.close();
  });

  async function connect() {
    const server = createVideoMcpServer(conductor, { queue });
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: 'queue-test', version: '1.0.0' });
    await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
    return { client, close: async () => (await client.close(), await server.close()) };
  }

  it('enqueues without submitting; after the server is gone a worker makes it, and a new server reports it by key', async () => {
    const first = await connect();
    const created = await first.client.callTool({ name: 'ring-video-create', arguments: { prompt: 'A fox in the snow', durationSec: 2, wait: false, idempotencyKey: 'mcp-fox' } });
    expect(created.isError).not.toBe(true);
    expect(created.structuredContent).toMatchObject({ status: 'queued', queued: true, recordId: expect.any(String), idempotencyKey: 'mcp-fox', jobId: expect.any(String) });
    // The row exists from the start, so the caller can follow it by record id as well.
    expect(await ledger.get((created.structuredContent as { recordId: string }).recordId)).toMatchObject({ status: 'queued', idempotencyKey: 'mcp-fox' });
    const waiting = await first.client.callTool({ name: 'ring-video-status', arguments: { idempotencyKey: 'mcp-fox' } });
    expect(waiting.structuredContent).toMatchObject({ status: 'queued', done: false });
    // A retried call with the same key queues nothing new.
    const retried = await first.client.callTool({ name: 'ring-video-create', arguments: { prompt: 'A fox in the snow', durationSec: 2, wait: false, idempotencyKey: 'mcp-fox' } });
    expect(retried.structuredContent).toMatchObject({ queued: false, jobId: (created.structuredContent as { jobId: string }).jobId });
    await first.close();
    expect(provider.submitCount).toBe(0);

    const worker = await queue.work({ concurrency: 2, pollingIntervalSeconds: 0.5 });
    const deadline = Date.now() + 20_000;
    while ((await ledger.findByIdempotencyKey('mcp-fox'))?.status !== 'succeeded') {
      if (Date.now() > deadline) throw new Error('the queued MCP job did not finish');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await worker.stop();
    expect(provider.submitCount).toBe(1);

    const second = await connect();
    const status = await second.client.callTool({ name: 'ring-video-status', arguments: { idempotencyKey: 'mcp-fox' } });
    expect(status.isError).not.toBe(true);
    expect(status.structuredContent).toMatchObject({ status: 'succeeded', done: true });
    await second.close();
  }, 60_000);
});
