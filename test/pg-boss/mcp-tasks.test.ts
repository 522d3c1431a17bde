import { newPglite } from '../support/pglite-template.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { createVideoConductor } from '@ring/video-conductor';
import { createVideoMcpServer } from '@ring/video-conductor/mcp';
import { createVideoQueue } from '@ring/video-conductor/pg-boss';
import { createPostgresLedger, migrate } from '@ring/video-conductor/postgres';
import { createLocalVideoProvider } from '@ring/video-conductor/local';
import { MemoryStorage } from '@ring/video-conductor/testing';
import { fromPglite, PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * MCP tasks for ring-video-create, with the ledger as the TaskStore: a task-aware client (the
 * SDK's own) starts a task on one server; the server goes away; a worker makes the video; a new
 * server answers tasks/get and tasks/result for the same task id.
 */
describe('MCP tasks of ring-video-create backed by the ledger', () => {
  const pglite = newPglite();
  const provider = createLocalVideoProvider({ polls: 1, pollIntervalMs: 20 });
  const ledger = createPostgresLedger({ db: pglite });
  const conductor = createVideoConductor({ provider, ledger, storage: new MemoryStorage(), fetch: provider.fetch, urlPolicy: provider.urlPolicy, polling: { intervalMs: 20 } });
  const boss = new PgBoss({ db: fromPglite(pglite), backend: 'pglite', superviseIntervalSeconds: 1, monitorIntervalSeconds: 1 });
  const queue = createVideoQueue({ boss, conductor, ledger, name: 'mcp-tasks', pollIntervalMs: 50, sweepCron: null });

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
    const server = createVideoMcpServer(conductor, { queue, tasks: true, taskLedger: ledger });
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: 'tasks-test', version: '1.0.0' });
    await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
    return { client, close: async () => (await client.close(), await server.close()) };
  }

  it('a task started on one server is read with tasks/get and tasks/result on the next one', async () => {
    const first = await connect();
    const tools = await first.client.listTools();
    expect(tools.tools.find((tool) => tool.name === 'ring-video-create')?.execution).toMatchObject({ taskSupport: 'optional' });
    let taskId: string | undefined;
    for await (const message of first.client.experimental.tasks.callToolStream(
      { name: 'ring-video-create', arguments: { prompt: 'A fox in the snow', durationSec: 2, idempotencyKey: 'task-fox' } },
      CallToolResultSchema,
      { task: { ttl: 600_000 } },
    )) {
      if (message.type === 'error') throw message.error;
      if (message.type === 'taskCreated') {
        taskId = message.task.taskId;
        expect(message.task.status).toBe('working');
        break;
      }
    }
    expect(taskId).toBe('task-fox');
    await first.close();
    expect(provider.submitCount).toBe(0);

    // A new server (nothing in memory) still knows the queued task.
    const second = await connect();
    expect(await second.client.experimental.tasks.getTask('task-fox')).toMatchObject({ taskId: 'task-fox', status: 'working' });
    await second.close();

    const worker = await queue.work({ concurrency: 2, pollingIntervalSeconds: 0.5 });
    const deadline = Date.now() + 20_000;
    while ((await ledger.findByIdempotencyKey('task-fox'))?.status !== 'succeeded') {
      if (Date.now() > deadline) throw new Error('the task job did not finish');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await worker.stop();

    const third = await connect();
    expect(await third.client.experimental.tasks.getTask('task-fox')).toMatchObject({ taskId: 'task-fox', status: 'completed' });
    const result = await third.client.experimental.tasks.getTaskResult('task-fox', CallToolResultSchema);
    expect(result.isError).not.toBe(true);
    expect(result.structuredContent).toMatchObject({ success: true, status: 'succeeded' });
    const listed = await third.client.experimental.tasks.listTasks();
    expect(listed.tasks.map((task) => task.taskId)).toContain('task-fox');
    await expect(third.client.experimental.tasks.getTask('no-such-task')).rejects.toThrow(/not found/i);
    await third.close();
    expect(provider.submitCount).toBe(1);
  }, 60_000);
});
