import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Adapters and tests import the package by its own name, as users do; during tests the
// names resolve to the sources, so no build is needed first.
const subpaths: Record<string, string> = {
  '@ring/video-conductor/testing': './adapters/memory/index.ts',
  '@ring/video-conductor/contract': './adapters/contract/index.ts',
  '@ring/video-conductor/xai': './adapters/xai/index.ts',
  '@ring/video-conductor/s3': './adapters/s3/index.ts',
  '@ring/video-conductor/fs': './adapters/fs/index.ts',
  '@ring/video-conductor/postgres': './adapters/postgres/index.ts',
  '@ring/video-conductor/mcp': './adapters/mcp/index.ts',
  '@ring/video-conductor/thumbnail': './adapters/thumbnail/index.ts',
  '@ring/video-conductor/ai-sdk': './adapters/ai-sdk/index.ts',
  '@ring/video-conductor/cli': './adapters/cli/index.ts',
  '@ring/video-conductor/pg-boss': './adapters/pg-boss/index.ts',
  '@ring/video-conductor': './src/index.ts',
};

export default defineConfig({
  resolve: {
    alias: Object.entries(subpaths).map(([find, path]) => ({
      find: new RegExp(`^${find.replace(/[/]/g, '\\/')}$`),
      replacement: here(path),
    })),
  },
  test: {
    include: ['test/**/*.test.ts', 'adapters/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
