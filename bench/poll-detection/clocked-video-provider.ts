import type { ProviderVideoStatus, VideoProvider } from '@ring/video-conductor';
import type { ClockedJobs } from './clocked-jobs.js';

/** A conductor `VideoProvider` over {@link ClockedJobs}: its status depends on the fake clock only. */
export function clockedVideoProvider(jobs: ClockedJobs): VideoProvider {
  return {
    specificationVersion: 'v1',
    id: 'clocked',
    capabilities: {
      textToVideo: true,
      imageToVideo: true,
      edit: false,
      extend: false,
      cancel: false,
      durations: { min: 1, max: 15 },
      resolutions: ['480p', '720p'],
      aspectRatios: ['16:9', '9:16', '1:1', '4:3', '3:4', '3:2', '2:3'],
    },
    async submit() {
      return { requestId: jobs.start() };
    },
    async getStatus(requestId): Promise<ProviderVideoStatus> {
      const status = jobs.status(requestId);
      if (status.done) return { state: 'done', video: { url: `https://clocked.video.test/${requestId}.mp4` } };
      return status.retryAfterMs === undefined ? { state: 'pending' } : { state: 'pending', retryAfterMs: status.retryAfterMs };
    },
  };
}
