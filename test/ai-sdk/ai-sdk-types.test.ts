import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFal } from '@ai-sdk/fal';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { AiSdkVideoModel } from '@ring/video-conductor/ai-sdk';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('fromAiSdkVideoModel types across @ai-sdk/provider versions', () => {
  it('a fal model built on @ai-sdk/provider 4.0.14 is an AiSdkVideoModel', () => {
    expectTypeOf(createFal({ apiKey: 'k' }).video('luma-dream-machine')).toExtend<AiSdkVideoModel>();
  });

  it('tsc compiles the README bridge line over fal, Google, Replicate and xAI, each on its own @ai-sdk/provider', { timeout: 120_000 }, () => {
    const dir = path.join(root, '.tmp/ai-sdk-types');
    mkdirSync(dir, { recursive: true });
    const config = path.join(dir, 'tsconfig.json');
    writeFileSync(config, JSON.stringify({ extends: '../../tsconfig.json', compilerOptions: { noEmit: true }, include: [], files: ['../../test/ai-sdk/fixtures/mixed-provider-versions.ts'] }));
    const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', config], { cwd: root, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });
});
