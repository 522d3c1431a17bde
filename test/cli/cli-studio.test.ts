import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitOf, jsonOf, runCliInProcess, startCli } from './cli-harness.js';

// The studio serving is the built binary (stopped with SIGINT); the refusal and the generate that
// makes its job run `runCli` in this process.

let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), 'video-conductor-studio-'));
});
afterAll(async () => rm(cwd, { recursive: true, force: true }));

/** Resolves with the match once the child's stderr matches `pattern`; rejects when it exits first or after 60 s. */
async function waitForStderr(child: ReturnType<typeof startCli>, pattern: RegExp): Promise<RegExpExecArray> {
  const started = Date.now();
  for (;;) {
    const match = pattern.exec(child.output.stderr);
    if (match) return match;
    if (child.exitCode !== null || Date.now() - started > 60_000) throw new Error(`no ${pattern} on stderr (exit ${child.exitCode}):\n${child.output.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('video-conductor studio (the real binary)', () => {
  it('refuses --host 0.0.0.0 without tokens, in one line naming the variable', async () => {
    const refused = await runCliInProcess(['studio', '--port', '0', '--host', '0.0.0.0'], { cwd, home: path.join(cwd, 'wide-home') });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('error: studio --host 0.0.0.0 listens beyond loopback: set VIDEO_CONDUCTOR_STUDIO_TOKENS (comma separated bearer tokens)\n');
  }, 60_000);

  it('serves the embedded ledger and media: the job made by generate is listed and its video streams; actions are off without --allow-actions', async () => {
    const home = path.join(cwd, 'home');
    const made = jsonOf(await runCliInProcess(['generate', 'A fox in the snow', '--provider', 'local', '--duration', '2', '--json'], { cwd, home }));
    const recordId: string = made.recordId ?? made.record?.id ?? made.result?.recordId;
    expect(recordId).toMatch(/^[0-9a-f-]{36}$/);
    const child = startCli(['studio', '--port', '0', '--provider', 'local'], { cwd, home });
    try {
      const [, url] = await waitForStderr(child, /studio: (\S+)\/jobs/);
      const jobs = await fetch(`${url}/jobs`);
      expect(jobs.status).toBe(200);
      expect(await jobs.text()).toContain('A fox in the snow');
      const video = await fetch(`${url}/media/${recordId}/video`, { headers: { Range: 'bytes=0-9' } });
      expect(video.status).toBe(206);
      expect(video.headers.get('content-type')).toBe('video/mp4');
      expect((await video.arrayBuffer()).byteLength).toBe(10);
      const action = await fetch(`${url}/api/jobs/${recordId}/resume`, { method: 'POST', headers: { 'X-Studio-Action': 'resume' } });
      expect(action.status).toBe(403);
    } finally {
      child.kill('SIGINT');
      const exit = await exitOf(child);
      expect(exit.code).toBe(0);
    }
  }, 90_000);
});
