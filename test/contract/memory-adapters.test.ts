import { describeLedgerContract, describeStorageContract, describeVideoProviderContract } from '@ring/video-conductor/contract';
import { MemoryLedger, MemoryStorage, ScriptedVideoProvider } from '@ring/video-conductor/testing';

// The in-memory adapters are the reference implementations: they must pass every case.

describeStorageContract('MemoryStorage', {
  create: () => new MemoryStorage(),
  read: (storage, key) => storage.read(key),
});

describeLedgerContract('MemoryLedger', {
  create: () => new MemoryLedger(),
});

describeVideoProviderContract('ScriptedVideoProvider', {
  create: () => new ScriptedVideoProvider(),
  inputs: {
    textToVideo: { operation: 'generate', model: 'grok-imagine-video', prompt: 'A drone shot over Kyiv at dawn', durationSec: 6, aspectRatio: '16:9', resolution: '480p' },
    imageToVideo: {
      operation: 'generate',
      model: 'grok-imagine-video-1.5',
      prompt: 'The fox starts running',
      imageUrl: 'https://images.test/fox.png',
      durationSec: 4,
      resolution: '720p',
    },
    edit: { operation: 'edit', model: 'grok-imagine-video', prompt: 'Make it winter', sourceVideoUrl: 'https://videos.test/summer.mp4' },
    extend: { operation: 'extend', model: 'grok-imagine-video', prompt: 'Keep flying', sourceVideoUrl: 'https://videos.test/flight.mp4', durationSec: 5 },
  },
  unknownRequestId: 'job-999',
});

// A provider that declares less than everything: the undeclared operations must be
// reported as skipped (with their reason), and the declared one must still pass.
describeVideoProviderContract('ScriptedVideoProvider (text only, no cancel)', {
  create: () => new ScriptedVideoProvider({ capabilities: { imageToVideo: false, edit: false, extend: false, cancel: false } }),
  inputs: { textToVideo: { operation: 'generate', model: 'grok-imagine-video', prompt: 'A lighthouse in a storm', durationSec: 3 } },
});
