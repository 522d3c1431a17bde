import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chooseProvider, createProviderFromEnv, createVideoConductorFromEnv } from '@ring/video-conductor/cli';
import { runwayPresets } from '@ring/video-conductor/runway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../cli/cli-harness.js';
import { rejectionOf } from './runway-test-server.js';

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'video-conductor-runway-env-'));
});
afterAll(async () => rm(scratch, { recursive: true, force: true }));

/** An import that behaves as if `@runwayml/sdk` were not installed. */
const withoutRunwaySdk = async (specifier: string) => {
  if (specifier === '@runwayml/sdk') {
    throw Object.assign(new Error("Cannot find package '@runwayml/sdk' imported from /app/index.js"), { code: 'ERR_MODULE_NOT_FOUND' });
  }
  return import(specifier);
};

describe('Runway from the environment', () => {
  it('is chosen by VIDEO_CONDUCTOR_PROVIDER=runway or by RUNWAYML_API_SECRET alone; xAI keeps precedence', async () => {
    expect(chooseProvider({ VIDEO_CONDUCTOR_PROVIDER: 'runway', RUNWAYML_API_SECRET: 'key_x' }, {})).toBe('runway');
    expect(chooseProvider({ RUNWAYML_API_SECRET: 'key_x' }, {})).toBe('runway');
    expect(chooseProvider({ RUNWAYML_API_SECRET: 'key_x', XAI_API_KEY: 'xai-x' }, {})).toBe('xai');
  });

  it('asked for without RUNWAYML_API_SECRET: MISSING_API_KEY naming the variable', async () => {
    const error = await rejectionOf(Promise.resolve().then(() => chooseProvider({ VIDEO_CONDUCTOR_PROVIDER: 'runway' }, {})));
    expect(error).toMatchObject({ name: 'InvalidRequestError', code: 'MISSING_API_KEY', field: 'RUNWAYML_API_SECRET' });
    // An xAI key is no Runway key.
    const other = await rejectionOf(Promise.resolve().then(() => chooseProvider({ XAI_API_KEY: 'xai-x' }, { provider: 'runway' })));
    expect(other).toMatchObject({ code: 'MISSING_API_KEY', field: 'RUNWAYML_API_SECRET' });
  });

  it('creates the Runway providers with the Runway presets, loading nothing', () => {
    const providers = createProviderFromEnv({ RUNWAYML_API_SECRET: 'key_x' });
    expect([providers.name, providers.provider.id, providers.imageProvider.id, providers.presets]).toEqual(['runway', 'runway', 'runway', runwayPresets]);
    expect(providers.provider.capabilities.cancel).toBe(true);
  });

  it('without @runwayml/sdk: MISSING_PEER_DEPENDENCY naming the install, and nothing opened', async () => {
    const home = path.join(scratch, 'no-sdk');
    const error = await rejectionOf(
      createVideoConductorFromEnv({ VIDEO_CONDUCTOR_PROVIDER: 'runway', RUNWAYML_API_SECRET: 'key_x' }, { home, importModule: withoutRunwaySdk }),
    );
    expect(error).toMatchObject({ name: 'InvalidRequestError', code: 'MISSING_PEER_DEPENDENCY', field: 'VIDEO_CONDUCTOR_PROVIDER' });
    expect((error as Error).message).toMatch(/npm install @runwayml\/sdk$/);
    expect(existsSync(home)).toBe(false);
  });

  it('createVideoConductorFromEnv uses the Runway presets: a production estimate is 12 credits/s', async () => {
    const environment = await createVideoConductorFromEnv({ VIDEO_CONDUCTOR_PROVIDER: 'runway', RUNWAYML_API_SECRET: 'key_x' }, { home: path.join(scratch, 'env') });
    try {
      expect(environment.description.provider).toBe('runway');
      expect(environment.conductor.presets).toBe(runwayPresets);
      expect(environment.conductor.estimate({ prompt: 'Waves', qualityMode: 'production', durationSec: 7 })).toMatchObject({ model: 'gen4.5', estimatedCostUsd: 0.84 });
    } finally {
      await environment.close();
    }
  });

  it('CLI: estimate --provider runway plans with Runway models and prices, no key needed', async () => {
    const result = await runCliInProcess(['estimate', 'A fox', '--provider', 'runway', '--image-url', 'https://cdn.example.com/fox.png', '--duration', '10'], { cwd: scratch });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/draft_i2v\s+gen4_turbo\s+720p\s+10 s/);
    expect(result.stdout).toContain('$0.50');
  });

  it('CLI: an aspect ratio Runway cannot render is refused as bad input (exit 2)', async () => {
    const result = await runCliInProcess(['estimate', 'A fox', '--provider', 'runway', '--aspect-ratio', '1:1'], { cwd: scratch });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/aspectRatio/);
  });
});
