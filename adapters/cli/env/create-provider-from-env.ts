import path from 'node:path';
import { InvalidRequestError, type ImageProvider, type PollingOptions, type UrlPolicyOptions, type VideoProvider } from '@ring/video-conductor';
import { createLocalImageProvider, createLocalVideoProvider, type LocalVideoProviderOptions } from '@ring/video-conductor/local';
import { createXai } from '@ring/video-conductor/xai';
import { readUrl, readVariable, readWholeNumber } from './read-env.js';
import type { VideoConductorEnv, VideoConductorEnvOptions, VideoConductorProviderName } from './video-conductor-env-options.js';

/** The video and image providers the environment chose, with what the conductor needs to use them. */
export interface ProviderFromEnv {
  name: VideoConductorProviderName;
  provider: VideoProvider;
  imageProvider: ImageProvider;
  /** The `fetch` the conductor must download with (the local provider's), or `undefined` for the global one. */
  fetch: typeof globalThis.fetch | undefined;
  /** The URL policy its downloads need (the local provider serves on loopback), or `undefined` for the default. */
  urlPolicy: UrlPolicyOptions | undefined;
  /** Polling defaults that suit the provider (the local one answers within a few hundred ms). */
  polling: PollingOptions | undefined;
  /** Stops the local provider's server; nothing to do for xAI. */
  close(): Promise<void>;
}

const providerNames: readonly VideoConductorProviderName[] = ['xai', 'local'];

/**
 * Which provider the environment asks for: `options.provider`, else
 * `VIDEO_CONDUCTOR_PROVIDER`, else `xai` when `XAI_API_KEY` is set. The local provider is
 * only ever used when asked for by name.
 *
 * @throws InvalidRequestError (field `XAI_API_KEY`, code `MISSING_PROVIDER`) when nothing
 * is configured, naming both ways out; (field `VIDEO_CONDUCTOR_PROVIDER`) for an unknown name.
 * @example
 * ```ts
 * chooseProvider({ XAI_API_KEY: 'xai-…' }, {}); // 'xai'
 * chooseProvider({ VIDEO_CONDUCTOR_PROVIDER: 'local' }, {}); // 'local'
 * ```
 */
export function chooseProvider(env: VideoConductorEnv, options: Pick<VideoConductorEnvOptions, 'provider'>): VideoConductorProviderName {
  const asked = options.provider ?? readVariable(env, 'VIDEO_CONDUCTOR_PROVIDER')?.toLowerCase();
  if (asked !== undefined) {
    if (!providerNames.includes(asked as VideoConductorProviderName)) {
      throw new InvalidRequestError(`VIDEO_CONDUCTOR_PROVIDER must be "xai" or "local", got ${JSON.stringify(asked)}`, {
        field: options.provider === undefined ? 'VIDEO_CONDUCTOR_PROVIDER' : 'provider',
      });
    }
    if (asked === 'xai' && readVariable(env, 'XAI_API_KEY') === undefined) throw missingKey('the xAI provider was asked for');
    return asked as VideoConductorProviderName;
  }
  if (readVariable(env, 'XAI_API_KEY') !== undefined) return 'xai';
  throw missingKey('no video provider is configured');
}

function missingKey(reason: string): InvalidRequestError {
  return new InvalidRequestError(
    `${reason[0]!.toUpperCase()}${reason.slice(1)}: set XAI_API_KEY to generate with xAI, or VIDEO_CONDUCTOR_PROVIDER=local (CLI: --provider local) for the offline local provider`,
    { field: 'XAI_API_KEY', code: reason.startsWith('no') ? 'MISSING_PROVIDER' : 'MISSING_API_KEY' },
  );
}

/**
 * The local provider's options from `VIDEO_CONDUCTOR_LOCAL_POLLS`,
 * `VIDEO_CONDUCTOR_LOCAL_POLL_INTERVAL_MS` and `VIDEO_CONDUCTOR_LOCAL_SUBMIT_LOG` (relative to
 * `cwd`), with `overrides` on top.
 */
export function localOptionsFromEnv(env: VideoConductorEnv, cwd: string, overrides: LocalVideoProviderOptions = {}): LocalVideoProviderOptions {
  const fromEnv: LocalVideoProviderOptions = {};
  const polls = readWholeNumber(env, 'VIDEO_CONDUCTOR_LOCAL_POLLS', 1000);
  if (polls !== undefined) fromEnv.polls = polls;
  const pollIntervalMs = readWholeNumber(env, 'VIDEO_CONDUCTOR_LOCAL_POLL_INTERVAL_MS', 3_600_000);
  if (pollIntervalMs !== undefined) fromEnv.pollIntervalMs = pollIntervalMs;
  const submitLog = readVariable(env, 'VIDEO_CONDUCTOR_LOCAL_SUBMIT_LOG');
  if (submitLog !== undefined) fromEnv.submitLogFile = path.resolve(cwd, submitLog);
  return { ...fromEnv, ...overrides };
}

/**
 * Creates the providers the environment asks for (see {@link chooseProvider}): xAI with
 * `XAI_API_KEY` (and `XAI_BASE_URL` when set), or the offline local providers. Opens nothing:
 * the xAI adapter connects on the first call, the local server starts on first use.
 *
 * @example
 * ```ts
 * const { provider, imageProvider, close } = createProviderFromEnv({ VIDEO_CONDUCTOR_PROVIDER: 'local' });
 * ```
 */
export function createProviderFromEnv(env: VideoConductorEnv = process.env, options: VideoConductorEnvOptions = {}): ProviderFromEnv {
  const name = chooseProvider(env, options);
  if (name === 'xai') {
    const baseURL = readUrl(env, 'XAI_BASE_URL');
    const xai = createXai({ apiKey: readVariable(env, 'XAI_API_KEY'), ...(baseURL === undefined ? {} : { baseURL }) });
    return { name, provider: xai.video, imageProvider: xai.image, fetch: undefined, urlPolicy: undefined, polling: undefined, close: async () => {} };
  }
  const localOptions = localOptionsFromEnv(env, options.cwd ?? process.cwd(), options.local);
  const provider = createLocalVideoProvider(localOptions);
  return {
    name,
    provider,
    imageProvider: createLocalImageProvider(),
    fetch: provider.fetch,
    urlPolicy: provider.urlPolicy,
    polling: { intervalMs: localOptions.pollIntervalMs ?? 200 },
    close: () => provider.close(),
  };
}
