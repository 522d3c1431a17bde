import type { Experimental_VideoModelV4 as VideoModelV4 } from '@ai-sdk/provider';
import type { ClockedJobs } from './clocked-jobs.js';

/**
 * An AI SDK `VideoModelV4` with `doStart` / `doStatus` over {@link ClockedJobs}. The
 * `VideoModelV4` status has no field for a retry hint, so the SDK cannot be told when to ask.
 */
export function clockedVideoModel(jobs: ClockedJobs): VideoModelV4 {
  const response = () => ({ timestamp: new Date(0), modelId: 'clocked', headers: undefined });
  return {
    specificationVersion: 'v4',
    provider: 'bench',
    modelId: 'clocked',
    maxVideosPerCall: 1,
    async doStart() {
      return { operation: { id: jobs.start() }, warnings: [], response: response() };
    },
    async doStatus({ operation }) {
      const id = (operation as { id: string }).id;
      if (!jobs.status(id).done) return { status: 'pending', response: response() };
      return {
        status: 'completed',
        videos: [{ type: 'url', url: `https://clocked.video.test/${id}.mp4`, mediaType: 'video/mp4' }],
        warnings: [],
        response: response(),
      };
    },
  };
}
