/**
 * Serverless: a function that submits and returns at once, and a scheduled function that
 * finishes the jobs. No process stays up between invocations, so nothing waits for a video in
 * a request; the ledger (Postgres through DATABASE_URL — not the embedded PGlite, which lives
 * on one machine's disk) carries every job from one invocation to the next.
 *
 * - `handler(request)`: `POST` submits (202 with the record id), `GET ?recordId=` reports the
 *   status. Web-standard `Request` → `Response`, the shape Vercel and Netlify functions and
 *   Cloudflare-style runtimes call (for AWS Lambda, adapt the event to a `Request`).
 * - `scheduled()`: run every minute by the platform's scheduler (Vercel Cron, EventBridge, …).
 *   One round of `finishJobs`, waiting at most `timeoutMs` per job so it ends within the
 *   function's time limit; what it does not finish, the next run continues (no second payment).
 */
import { createVideoConductorFromEnv, type VideoConductorEnvironment } from '@ring/video-conductor/cli';
import { finishJobs, type FinishJobsReport } from './finish-jobs.js';
import { submitVideo, videoStatus } from './video-http-handlers.js';

/** Your platform's time limit for `scheduled`, in ms (300 s here), minus a margin to close cleanly. */
const functionBudgetMs = 300_000 - 30_000;

// Created once per warm instance and reused by later invocations.
let environment: Promise<VideoConductorEnvironment> | undefined;
const open = () => (environment ??= createVideoConductorFromEnv(process.env));

export async function handler(request: Request): Promise<Response> {
  const { conductor } = await open();
  if (request.method === 'POST') return submitVideo(conductor, request);
  const recordId = new URL(request.url).searchParams.get('recordId');
  if (request.method === 'GET' && recordId !== null) return videoStatus(conductor, recordId);
  return Response.json({ error: { code: 'NOT_FOUND', message: 'POST a request, or GET ?recordId=' } }, { status: 404 });
}

export async function scheduled(): Promise<FinishJobsReport> {
  const { conductor, ledger } = await open();
  return finishJobs(conductor, ledger, {
    limit: 5,
    timeoutMs: functionBudgetMs,
    signal: AbortSignal.timeout(functionBudgetMs),
  });
}
