import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium; `.ci/run` installs it when missing. Override with `CHROMIUM_PATH`. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Launches Chromium once per test file. Fails — never skips — when it is missing, so a CI
 * without a browser cannot pass these tests silently.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium is missing at ${chromiumPath}: install it (apt-get update && apt-get install -y chromium; .ci/run does) or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
}

/**
 * Where the tests write screenshots: `docs/images/` when `STUDIO_SCREENSHOTS=docs` (to refresh
 * the README's), else a folder under the system's temp directory.
 */
export function screenshotDirectory(): string {
  const directory = process.env.STUDIO_SCREENSHOTS === 'docs' ? resolve('docs/images') : join(tmpdir(), 'video-conductor-studio-screenshots');
  mkdirSync(directory, { recursive: true });
  return directory;
}
