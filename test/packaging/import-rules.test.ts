import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatOffences, scanImportRules, type ImportRuleOptions, type ScannedFile } from './scan-import-rules.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  name: string;
  exports: Record<string, unknown>;
  devDependencies: Record<string, string>;
};

const options: ImportRuleOptions = {
  packageName: packageJson.name,
  exportedSubpaths: Object.keys(packageJson.exports),
  testPackages: Object.keys(packageJson.devDependencies),
};

function readSources(...folders: string[]): ScannedFile[] {
  return folders.flatMap((folder) =>
    readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' })
      .map((relative) => `${folder}/${relative.split(path.sep).join('/')}`)
      .filter((file) => /\.[cm]?[jt]sx?$/.test(file))
      .map((file) => ({ path: file, text: readFileSync(path.join(root, file), 'utf8') })),
  );
}

/** Scans fixtures given as `{ path: source }`, against a fixed exports map. */
function scan(fixtures: Record<string, string>) {
  return scanImportRules(
    Object.entries(fixtures).map(([file, text]) => ({ path: file, text })),
    {
      packageName: '@ring/video-conductor',
      exportedSubpaths: ['.', './testing', './contract', './xai', './fs', './presets/video-presets.json', './package.json'],
      testPackages: ['vitest', 'fast-check'],
    },
  );
}

/** Like {@link scan}, with every adapter subpath of the package published (as once `/cli` and `/mcp` exist). */
function scanCli(fixtures: Record<string, string>) {
  return scanImportRules(
    Object.entries(fixtures).map(([file, text]) => ({ path: file, text })),
    {
      packageName: '@ring/video-conductor',
      exportedSubpaths: ['.', './testing', './local', './contract', './xai', './s3', './fs', './postgres', './thumbnail', './cli', './mcp', './studio', './package.json'],
    },
  );
}

describe('import rules (ARCHITECTURE.md, "Import rules")', () => {
  it('hold for every file under src/ and adapters/', () => {
    const files = readSources('src', 'adapters');
    expect(files.some((file) => file.path === 'src/index.ts')).toBe(true);
    // Each offence on its own line as file:line, so the failure message is the to-do list.
    expect(formatOffences(scanImportRules(files, options))).toBe('');
  });
});

describe('scanImportRules', () => {
  it('rule 1: src/ importing an adapter is an offence, with file and line', () => {
    const offences = scan({ 'src/x.ts': "import { z } from 'zod';\nimport { MemoryStorage } from '../adapters/memory/index.js';\n" });
    expect(offences).toEqual([{ rule: 1, file: 'src/x.ts', line: 2, message: expect.stringContaining('adapters/') }]);
    expect(formatOffences(offences)).toMatch(/^src\/x\.ts:2 rule 1: /);
  });

  it('rule 1: test/, examples/, bench/, vendor packages (type-only too) and bare built-ins are offences', () => {
    const offences = scan({
      'src/a/b.ts': [
        "import { harness } from '../../test/conductor/harness.js';",
        "export { main } from '../../examples/quickstart.js';",
        "import type { Pool } from 'pg';",
        "import ky from 'ky';",
        "type Client = import('@aws-sdk/client-s3').S3Client;",
        "const bench = await import('../../bench/run.js');",
        "import { readFile } from 'fs';",
        "import { VideoConductorError } from '@ring/video-conductor';",
      ].join('\n'),
    });
    expect(offences.map((offence) => [offence.rule, offence.line])).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((line) => [1, line]));
  });

  it('rule 1: zod, node: built-ins, src/ and presets/ are allowed; src tests may use test tooling', () => {
    expect(
      scan({
        'src/presets/p.ts': [
          "import { z } from 'zod';",
          "import { createHash } from 'node:crypto';",
          "import json from '../../presets/video-presets.json' with { type: 'json' };",
          "import type { Storage } from '../ports/index.js';",
        ].join('\n'),
        'src/plan/p.test.ts': "import { it } from 'vitest';\nimport fc from 'fast-check';\n",
      }),
    ).toEqual([]);
  });

  it('rule 2: runtime statements and non-type imports in src/ports are offences', () => {
    const offences = scan({
      'src/ports/bad.ts': [
        "import type { A } from './a.js';",
        "import { B } from './b.js';",
        'export interface C { b: B }',
        "export const statuses = ['pending'] as const;",
        'export function isPending() { return true; }',
        'export class Port {}',
        'export enum Kind { A }',
        "export { D } from './d.js';",
        'let counter = 0;',
      ].join('\n'),
    });
    expect(offences.map((offence) => [offence.rule, offence.line])).toEqual([
      [2, 2],
      [2, 4],
      [2, 5],
      [2, 6],
      [2, 7],
      [2, 8],
      [2, 9],
    ]);
    expect(offences[1]?.message).toContain('export const');
  });

  it('rule 2: interfaces, type aliases and type-only imports and exports are fine', () => {
    expect(
      scan({
        'src/ports/good.ts': [
          "import type { A } from './a.js';",
          "export type { B } from './b.js';",
          "export type * from './c.js';",
          'export interface D { a: A }',
          "export type E = 'x' | 'y';",
          'declare const brand: unique symbol;',
          'export type Branded = string & { [brand]: true };',
        ].join('\n'),
      }),
    ).toEqual([]);
  });

  it('rule 3: an adapter reaching into src/ or outside its folder is an offence', () => {
    const offences = scan({
      'adapters/xai/a.ts': [
        "import { ProviderError } from '../../src/errors/index.js';",
        "import presets from '../../presets/video-presets.json';",
        "import { x } from '@ring/video-conductor/src/internal/x.js';",
        "import { VideoConductorError } from '@ring/video-conductor';",
        "import presetsJson from '@ring/video-conductor/presets/video-presets.json';",
        "import ky from 'ky';",
        "import { helper } from './helper.js';",
      ].join('\n'),
    });
    expect(offences.map((offence) => [offence.rule, offence.line])).toEqual([
      [3, 1],
      [3, 2],
      [3, 3],
    ]);
  });

  it('rule 4: an adapter importing another adapter, relatively or by subpath, is an offence', () => {
    const offences = scan({
      'adapters/xai/a.ts': "import { MemoryStorage } from '../memory/index.js';\nimport { ScriptedVideoProvider } from '@ring/video-conductor/testing';\n",
      'adapters/contract/b.ts': "import { describe } from 'vitest';\nimport { createFsStorage } from '@ring/video-conductor/fs';\n",
    });
    expect(offences.map((offence) => [offence.file, offence.rule, offence.line])).toEqual([
      ['adapters/xai/a.ts', 4, 1],
      ['adapters/xai/a.ts', 4, 2],
      ['adapters/contract/b.ts', 4, 2],
    ]);
  });

  it('rule 4: the composition root adapters/cli may import adapter subpaths by name, never by relative path', () => {
    const offences = scanCli({
      'adapters/cli/env/compose.ts': [
        "import { createXai } from '@ring/video-conductor/xai';",
        "import { createFsStorage } from '@ring/video-conductor/fs';",
        "import type { PostgresLedger } from '@ring/video-conductor/postgres';",
        "import { createLocalVideoProvider } from '@ring/video-conductor/local';",
        "import { createSharpThumbnailRenderer } from '@ring/video-conductor/thumbnail';",
        "const s3 = await import('@ring/video-conductor/s3');",
        "const pg = await import('pg');",
        "import { createVideoConductor } from '@ring/video-conductor';",
        "import { helper } from '../run-cli.js';",
        "import { createXaiVideoProvider } from '../../xai/xai-video-provider.js';",
        "import { describeStorageContract } from '@ring/video-conductor/contract';",
        "import { thing } from '@ring/video-conductor/ai-sdk';",
        "import { serveMcpStdio } from '@ring/video-conductor/mcp';",
        "import { it } from 'vitest';",
      ].join('\n'),
    });
    expect(offences.map((offence) => [offence.rule, offence.line])).toEqual([
      [4, 10],
      [4, 11],
      [3, 12],
      [5, 14],
    ]);
  });

  it('rule 4: an ordinary adapter importing a sibling subpath by name is still an offence', () => {
    const offences = scanCli({
      'adapters/fs/a.ts': "import { createS3Storage } from '@ring/video-conductor/s3';\n",
      'adapters/postgres/b.ts': "const fs = await import('@ring/video-conductor/fs');\n",
      'adapters/clip/c.ts': "import { createXai } from '@ring/video-conductor/xai';\n",
      'adapters/mcp/d.ts': "import { createVideoConductorFromEnv } from '@ring/video-conductor/cli';\n",
    });
    expect(offences.map((offence) => [offence.file, offence.rule])).toEqual([
      ['adapters/fs/a.ts', 4],
      ['adapters/postgres/b.ts', 4],
      ['adapters/clip/c.ts', 4],
      ['adapters/mcp/d.ts', 4],
    ]);
  });

  it('rules 3 and 4 ignore *.test.ts files', () => {
    expect(
      scan({
        'adapters/memory/memory-storage.test.ts':
          "import { describeStorageContract } from '@ring/video-conductor/contract';\nimport { x } from '../../test/helpers.js';\nimport { it } from 'vitest';\n",
      }),
    ).toEqual([]);
  });

  it('rule 5: a test runner in shipped adapter code is an offence, except vitest in adapters/contract', () => {
    const offences = scan({
      'adapters/memory/a.ts': "import { vi } from 'vitest';\nimport test from 'node:test';\nimport { jest } from '@jest/globals';\n",
      'adapters/xai/b.ts': "import { expect } from 'vitest';\n",
      'adapters/contract/c.ts': "import { describe, expect, it } from 'vitest';\n",
    });
    expect(offences.map((offence) => [offence.file, offence.rule, offence.line])).toEqual([
      ['adapters/memory/a.ts', 5, 1],
      ['adapters/memory/a.ts', 5, 2],
      ['adapters/memory/a.ts', 5, 3],
      ['adapters/xai/b.ts', 5, 1],
    ]);
  });

  it('ignores imports inside comments and strings', () => {
    expect(
      scan({
        'src/x.ts': "// import { a } from '../adapters/memory/index.js';\nconst text = \"import ky from 'ky'\";\n/** @example import { x } from 'pg'; */\n",
      }),
    ).toEqual([]);
  });
});
