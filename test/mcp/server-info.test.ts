import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createVideoMcpServer, videoMcpServerName, videoMcpServerVersion } from '@ring/video-conductor/mcp';
import { createMcpTestConductor } from './mcp-test-conductor.js';

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('MCP server info', () => {
  it('announces the version of package.json', () => {
    expect(videoMcpServerVersion).toBe(packageJson.version);
  });

  it('is named ring-video-conductor', () => {
    expect(videoMcpServerName).toBe('ring-video-conductor');
    const server = createVideoMcpServer(createMcpTestConductor().conductor);
    expect(server.isConnected()).toBe(false);
  });
});
