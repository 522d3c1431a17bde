import { createFal } from '@ai-sdk/fal';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createReplicate } from '@ai-sdk/replicate';
import { describeVideoProviderContract } from '@ring/video-conductor/contract';
import { createTestMp4 } from '@ring/video-conductor/testing';
import { encodeOperationRequestId, fromAiSdkVideoModel } from '@ring/video-conductor/ai-sdk';
import { fakeSleep } from './ai-sdk-test-helpers.js';
import { falApiKey, falModel, falQueueHandlers, falRequestUrl } from './fixtures/fal-queue.js';
import { googleApiKey, googleVeoHandlers, veoModel } from './fixtures/google-veo.js';
import { replicateHandlers, replicateModel, replicateToken } from './fixtures/replicate-predictions.js';
import { useMswWire } from '../support/msw-wire.js';

// The shared VideoProvider contract, run against the bridge over three real AI SDK provider
// packages, each answered by msw handlers built from that package's own response parsing.
const video = createTestMp4(10_000);
const fal = falQueueHandlers(() => ['running', 'done'], video);
const google = googleVeoHandlers(() => ['running', 'done'], video);
const replicate = replicateHandlers(() => ['starting', 'processing', 'succeeded'], video);
useMswWire(...fal.handlers, ...google.handlers, ...replicate.handlers);

describeVideoProviderContract('fromAiSdkVideoModel(@ai-sdk/fal 3.0.41, msw)', {
  create: () => fromAiSdkVideoModel(createFal({ apiKey: falApiKey }).video(falModel), { sleep: fakeSleep().sleep }),
  inputs: {
    textToVideo: { operation: 'generate', model: falModel, prompt: 'A fox in the snow', durationSec: 5, aspectRatio: '16:9', resolution: '540p' },
    imageToVideo: { operation: 'generate', model: falModel, prompt: 'The fox turns its head', durationSec: 5, resolution: '720p', imageUrl: 'https://cdn.example.com/fox.png' },
  },
  maxPolls: 10,
  unknownRequestId: encodeOperationRequestId({ responseUrl: falRequestUrl('00000000-dead-4000-8000-000000000000'), submitUrl: `https://queue.fal.run/fal-ai/${falModel}` }),
  cleanup: () => fal.jobs.clear(),
});

describeVideoProviderContract('fromAiSdkVideoModel(@ai-sdk/google 4.0.129 Veo, msw)', {
  create: () => fromAiSdkVideoModel(createGoogleGenerativeAI({ apiKey: googleApiKey }).video(veoModel), { sleep: fakeSleep().sleep }),
  inputs: {
    textToVideo: { operation: 'generate', model: veoModel, prompt: 'A fox in the snow', durationSec: 8, aspectRatio: '16:9', resolution: '720p' },
    imageToVideo: { operation: 'generate', model: veoModel, prompt: 'The fox turns its head', durationSec: 8, resolution: '1080p', imageUrl: 'https://cdn.example.com/fox.png' },
  },
  maxPolls: 10,
  unknownRequestId: encodeOperationRequestId({ operationName: `models/${veoModel}/operations/never` }),
  cleanup: () => google.operations.clear(),
});

describeVideoProviderContract('fromAiSdkVideoModel(@ai-sdk/replicate 3.0.46, msw)', {
  create: () => fromAiSdkVideoModel(createReplicate({ apiToken: replicateToken }).video(replicateModel), { sleep: fakeSleep().sleep }),
  inputs: {
    textToVideo: { operation: 'generate', model: replicateModel, prompt: 'A fox in the snow', durationSec: 6, aspectRatio: '16:9', resolution: '720p' },
    imageToVideo: { operation: 'generate', model: replicateModel, prompt: 'The fox turns its head', durationSec: 6, imageUrl: 'https://cdn.example.com/fox.png' },
  },
  maxPolls: 10,
  unknownRequestId: encodeOperationRequestId({ getUrl: 'https://api.replicate.com/v1/predictions/never' }),
  cleanup: () => replicate.predictions.clear(),
});
