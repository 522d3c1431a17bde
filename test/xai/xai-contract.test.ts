import { describeVideoProviderContract } from '@ring/video-conductor/contract';
import { createXaiVideoProvider } from '@ring/video-conductor/xai';
import { http, HttpResponse } from 'msw';
import { useMswWire } from '../support/msw-wire.js';
import { apiBase, fakeSleep } from './xai-test-server.js';

const apiKey = 'xai-contract-key-0000000000';

/** An emulation of xAI's asynchronous jobs: accepted → 202 empty → pending → done; unknown ids → 404. */
const jobs = new Map<string, { polls: number; duration: number }>();
let nextId = 1;

function accept(requiredSource: 'image' | 'video' | 'none') {
  return async ({ request }: { request: Request }) => {
    if (request.headers.get('authorization') !== `Bearer ${apiKey}`) {
      return HttpResponse.json({ code: 'Unauthorized', error: 'Incorrect API key provided' }, { status: 401 });
    }
    const body = (await request.json()) as Record<string, unknown>;
    const source = requiredSource === 'none' ? true : (body[requiredSource] as { url?: unknown } | undefined)?.url;
    if (typeof body.prompt !== 'string' || typeof body.model !== 'string' || (typeof source !== 'string' && source !== true)) {
      return HttpResponse.json({ code: 'Client specified an invalid argument', error: 'missing field' }, { status: 422 });
    }
    const requestId = `00000000-0000-4000-8000-${String(nextId++).padStart(12, '0')}`;
    jobs.set(requestId, { polls: 0, duration: typeof body.duration === 'number' ? body.duration : 8 });
    return HttpResponse.json({ request_id: requestId });
  };
}

useMswWire(
  http.post(`${apiBase}/videos/generations`, accept('none')),
  http.post(`${apiBase}/videos/edits`, accept('video')),
  http.post(`${apiBase}/videos/extensions`, accept('video')),
  http.get(`${apiBase}/videos/:requestId`, ({ params }) => {
    const job = jobs.get(String(params.requestId));
    if (job === undefined) return HttpResponse.json({ code: 'Not found', error: 'No such request' }, { status: 404 });
    job.polls += 1;
    if (job.polls === 1) return new HttpResponse(null, { status: 202 });
    if (job.polls === 2) return HttpResponse.json({ status: 'pending', progress: 50 });
    return HttpResponse.json({
      status: 'done',
      model: 'grok-imagine-video',
      video: { url: `https://vidgen.x.ai/${String(params.requestId)}/video.mp4`, duration: job.duration, respect_moderation: true },
      usage: { cost_in_usd_ticks: job.duration * 500_000_000 },
      progress: 100,
    });
  }),
);

describeVideoProviderContract('xai (msw)', {
  create: () => createXaiVideoProvider({ apiKey, sleep: fakeSleep().sleep }),
  inputs: {
    textToVideo: { operation: 'generate', model: 'grok-imagine-video', prompt: 'A fox in the snow', durationSec: 4, aspectRatio: '16:9', resolution: '480p' },
    imageToVideo: {
      operation: 'generate',
      model: 'grok-imagine-video-1.5',
      prompt: 'The fox turns its head',
      durationSec: 6,
      resolution: '720p',
      imageUrl: 'https://cdn.example.com/fox.png',
    },
    edit: { operation: 'edit', model: 'grok-imagine-video', prompt: 'Make it night', sourceVideoUrl: 'https://cdn.example.com/fox.mp4' },
    extend: {
      operation: 'extend',
      model: 'grok-imagine-video',
      prompt: 'The fox runs off',
      durationSec: 5,
      sourceVideoUrl: 'https://cdn.example.com/fox.mp4',
    },
  },
  pollIntervalMs: 0,
  maxPolls: 10,
  unknownRequestId: 'ffffffff-ffff-4fff-8fff-ffffffffffff',
  cleanup: () => jobs.clear(),
});
