import { describeVideoProviderContract } from '@ring/video-conductor/contract';
import { fromAiSdkVideoModel } from '@ring/video-conductor/ai-sdk';
import { encodeOperationRequestId } from '../../adapters/ai-sdk/operation-request-id.js';
import { createJobModel, fakeSleep } from './ai-sdk-test-helpers.js';

// The AI SDK's own MockVideoModelV4, behind the bridge, must meet the VideoProvider contract.
const { model, jobs } = createJobModel();

describeVideoProviderContract('fromAiSdkVideoModel(MockVideoModelV4)', {
  create: () => fromAiSdkVideoModel(model, { sleep: fakeSleep().sleep }),
  inputs: {
    textToVideo: { operation: 'generate', model: 'mock-video', prompt: 'A fox in the snow', durationSec: 4, aspectRatio: '16:9', resolution: '480p' },
    imageToVideo: { operation: 'generate', model: 'mock-video', prompt: 'The fox turns its head', durationSec: 6, resolution: '720p', imageUrl: 'https://cdn.example.com/fox.png' },
    edit: { operation: 'edit', model: 'mock-video', prompt: 'Make it night', sourceVideoUrl: 'https://cdn.example.com/fox.mp4' },
    extend: { operation: 'extend', model: 'mock-video', prompt: 'The fox runs off', durationSec: 5, sourceVideoUrl: 'https://cdn.example.com/fox.mp4' },
  },
  maxPolls: 10,
  unknownRequestId: encodeOperationRequestId({ jobId: 'job-never-issued' }),
  cleanup: () => jobs.clear(),
});
