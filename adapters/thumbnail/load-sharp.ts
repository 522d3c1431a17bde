import { isModuleNotFound } from '@ring/video-conductor/provider-kit';
import type sharpModule from 'sharp';
import { thumbnailError } from './thumbnail-error.js';

/** The `sharp` function (its module's default export). */
export type Sharp = typeof sharpModule;

/** Imports the `sharp` package. Replaceable in tests. */
export type SharpImporter = () => Promise<unknown>;

const importSharp: SharpImporter = () => import('sharp');

/**
 * Loads `sharp`, an optional peer dependency, on first use — importing
 * `@ring/video-conductor/thumbnail` never loads the native module. A missing package
 * rejects with `MISSING_PEER_DEPENDENCY` naming it and the install command.
 *
 * @example
 * ```ts
 * const sharp = await loadSharp();
 * const png = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#000' } }).png().toBuffer();
 * ```
 */
export async function loadSharp(importer: SharpImporter = importSharp): Promise<Sharp> {
  let loaded: unknown;
  try {
    loaded = await importer();
  } catch (error) {
    const missing = isModuleNotFound(error);
    throw thumbnailError(
      missing
        ? 'The sharp thumbnail renderer needs the optional peer dependency "sharp", which is not installed: run `npm install sharp`'
        : `The optional peer dependency "sharp" could not be loaded: ${(error as Error)?.message ?? String(error)}`,
      { code: 'MISSING_PEER_DEPENDENCY', cause: error },
    );
  }
  // ESM sees the CommonJS export as `default`; a bundler may hand over the function itself.
  const candidate = typeof loaded === 'function' ? loaded : (loaded as { default?: unknown } | null)?.default;
  if (typeof candidate !== 'function') {
    throw thumbnailError('The "sharp" package was found but does not export the sharp function', { code: 'MISSING_PEER_DEPENDENCY' });
  }
  return candidate as Sharp;
}
