import type { ServerNotification } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { createProgressReporter } from '../../adapters/mcp/progress-reporter.js';

const base = { recordId: 'record-1', requestId: 'job-1', elapsedMs: 1000 } as const;

function reporter(progressToken: string | number | undefined) {
  const sent: ServerNotification[] = [];
  const listener = createProgressReporter({
    progressToken,
    sendNotification: async (notification) => {
      sent.push(notification);
    },
  });
  const values = () => sent.map((notification) => (notification.params as { progress: number }).progress);
  return { listener, sent, values };
}

describe('createProgressReporter', () => {
  it('sends nothing when the call carries no progress token', () => {
    const { listener, sent } = reporter(undefined);
    listener({ type: 'submitted', recordId: 'record-1', requestId: 'job-1' });
    listener({ type: 'progress', ...base, status: 'generating', progress: 50 });
    expect(sent).toEqual([]);
  });

  it('maps the stages onto one increasing 0–100 scale with the call’s token', () => {
    const { listener, sent, values } = reporter('token-7');
    listener({ type: 'first-frame', recordId: 'record-1', firstFrame: { source: 'generated', url: 'https://image.test/a.png' } });
    listener({ type: 'submitted', recordId: 'record-1', requestId: 'job-1' });
    listener({ type: 'progress', ...base, status: 'generating', progress: 50 });
    listener({ type: 'persisting', recordId: 'record-1', temporaryUrl: 'https://video.test/a.mp4' });
    listener({ type: 'persisted', recordId: 'record-1', storageKey: 'k', url: 'memory://k', sha256: 'ab', sizeBytes: 10 });
    expect(values()).toEqual([5, 10, 50, 92, 97]);
    expect(sent[0]).toMatchObject({ method: 'notifications/progress', params: { progressToken: 'token-7', total: 100 } });
  });

  it('drops a notification that would not move forward (a provider reporting less than before)', () => {
    const { listener, values } = reporter(1);
    listener({ type: 'progress', ...base, status: 'generating', progress: 60 });
    listener({ type: 'progress', ...base, status: 'generating', progress: 40 });
    listener({ type: 'progress', ...base, status: 'generating', progress: 60 });
    expect(values()).toEqual([58]);
  });

  it('still moves forward, below 90, on polls that report no percentage', () => {
    const { listener, values } = reporter(1);
    listener({ type: 'submitted', recordId: 'record-1', requestId: 'job-1' });
    for (let poll = 0; poll < 200; poll++) listener({ type: 'progress', ...base, status: 'generating' });
    const all = values();
    expect(all).toHaveLength(201);
    for (let index = 1; index < all.length; index++) expect(all[index]!).toBeGreaterThan(all[index - 1]!);
    expect(all.at(-1)!).toBeLessThan(90);
  });

  it('ignores a failing sendNotification', async () => {
    const listener = createProgressReporter({ progressToken: 1, sendNotification: () => Promise.reject(new Error('closed')) });
    expect(() => listener({ type: 'submitted', recordId: 'record-1', requestId: 'job-1' })).not.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
});
