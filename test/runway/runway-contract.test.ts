import { describeVideoProviderContract } from '@ring/video-conductor/contract';
import { createRunwayVideoProvider } from '@ring/video-conductor/runway';
import { useMswWire } from '../support/msw-wire.js';
import { fakeSleep, runwayEmulator, taskBodies } from './runway-test-server.js';

const apiKey = 'key_contract-0000000000000000';

// Each task goes PENDING → THROTTLED → RUNNING 50 % → SUCCEEDED, as Runway's task resource does.
const emulator = runwayEmulator(apiKey, (id, _endpoint, body) => [
  taskBodies.pending(id),
  taskBodies.throttled(id),
  taskBodies.running(id, 0.5),
  taskBodies.succeeded(id, `https://dnznrvs05pmza.cloudfront.net/${id}.mp4?_jwt=token`, Number(body.duration) * 12),
]);
useMswWire(...emulator.handlers);

describeVideoProviderContract('runway (msw, official SDK)', {
  create: () => createRunwayVideoProvider({ apiKey, sleep: fakeSleep().sleep }),
  inputs: {
    textToVideo: { operation: 'generate', model: 'gen4.5', prompt: 'A fox in the snow', durationSec: 4, aspectRatio: '16:9', resolution: '720p' },
    imageToVideo: {
      operation: 'generate',
      model: 'gen4_turbo',
      prompt: 'The fox turns its head',
      durationSec: 5,
      aspectRatio: '1:1',
      imageUrl: 'https://cdn.example.com/fox.png',
    },
  },
  pollIntervalMs: 0,
  maxPolls: 10,
  unknownRequestId: 'ffffffff-ffff-4fff-8fff-ffffffffffff',
  cleanup: () => emulator.tasks.clear(),
});
