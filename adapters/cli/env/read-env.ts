import path from 'node:path';
import { InvalidRequestError } from '@ring/video-conductor';
import type { VideoConductorEnv, VideoConductorEnvOptions } from './video-conductor-env-options.js';

/** The directory of the embedded defaults when neither `home` nor `VIDEO_CONDUCTOR_HOME` is given. */
export const defaultHome = './.video-conductor';

/** A variable's value, with empty strings read as unset (as shells often leave them). */
export function readVariable(env: VideoConductorEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** A whole-number variable, or `undefined` when unset; anything else is an `InvalidRequestError` naming it. */
export function readWholeNumber(env: VideoConductorEnv, name: string, max: number): number | undefined {
  const text = readVariable(env, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > max) {
    throw new InvalidRequestError(`${name} must be a whole number from 0 to ${max}, got ${JSON.stringify(text)}`, { field: name });
  }
  return value;
}

/** The absolute home directory: `options.home`, else `VIDEO_CONDUCTOR_HOME`, else `./.video-conductor`, against `cwd`. */
export function resolveHome(env: VideoConductorEnv, options: VideoConductorEnvOptions): string {
  const home = options.home ?? readVariable(env, 'VIDEO_CONDUCTOR_HOME') ?? defaultHome;
  return path.resolve(options.cwd ?? process.cwd(), home);
}

/** An absolute http(s) URL variable, or `undefined`; anything else is an `InvalidRequestError` naming it. */
export function readUrl(env: VideoConductorEnv, name: string): string | undefined {
  const text = readVariable(env, name);
  if (text === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidRequestError(`${name} must be an absolute URL, got ${JSON.stringify(text)}`, { field: name });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidRequestError(`${name} must be an http:// or https:// URL, got ${JSON.stringify(text)}`, { field: name });
  }
  return text;
}
