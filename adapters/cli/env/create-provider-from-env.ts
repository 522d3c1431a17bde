import path from 'node:path';
import {
  InvalidRequestError,
  type ImageProvider,
  type PollingOptions,
  type UrlPolicyOptions,
  type VideoPresets,
  type VideoProvider,
} from '@ring/video-conductor';
import { createLocalImageProvider, createLocalVideoProvider, type LocalVideoProviderOptions } from '@ring/video-conductor/local';
import { createRunway, runwayPresets } from '@ring/video-conductor/runway';
import { createXai } from '@ring/video-conductor/xai';
import { defaultImportModule, loadOptionalModule } from './load-optional-module.js';
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
  /** The provider's quality modes (Runway's for `runway`), or `undefined` for the bundled xAI presets. */
  presets: VideoPresets | undefined;
  /**
   * Resolves once the provider's optional peer is loadable (`@runwayml/sdk` for `runway`);
   * rejects with `InvalidRequestError` code `MISSING_PEER_DEPENDENCY` naming the install.
   * Call it before opening anything else, so a missing peer is reported first.
   */
  ready(): Promise<void>;
  /** Stops the local provider's server; nothing to do for xAI. */
  close(): Promise<void>;
}

const providerNames: readonly VideoConductorProviderName[] = ['xai', 'runway', 'local'];

/** The variable holding each remote provider's key. */
const keyVariables = { xai: 'XAI_API_KEY', runway: 'RUNWAYML_API_SECRET' } as const;

/**
 * Which provider the environment asks for: `options.provider`, else
 * `VIDEO_CONDUCTOR_PROVIDER`, else `xai` when `XAI_API_KEY` is set, else `runway` when
 * `RUNWAYML_API_SECRET` is set. The local provider is only ever used when asked for by name.
 *
 * @throws InvalidRequestError (field `XAI_API_KEY`, code `MISSING_PROVIDER`) when nothing
 * is configured, naming the ways out; (field `VIDEO_CONDUCTOR_PROVIDER`) for an unknown name;
 * (field `XAI_API_KEY` or `RUNWAYML_API_SECRET`, code `MISSING_API_KEY`) when the named
 * provider has no key.
 * @example
 * ```ts
 * chooseProvider({ XAI_API_KEY: 'xai-…' }, {}); // 'xai'
 * chooseProvider({ VIDEO_CONDUCTOR_PROVIDER: 'local' }, {}); // 'local'
 * chooseProvider({ RUNWAYML_API_SECRET: 'key_…' }, {}); // 'runway'
 * ```
 */
export function chooseProvider(env: VideoConductorEnv, options: Pick<VideoConductorEnvOptions, 'provider'>): VideoConductorProviderName {
  const asked = options.provider ?? readVariable(env, 'VIDEO_CONDUCTOR_PROVIDER')?.toLowerCase();
  if (asked !== undefined) {
    if (!providerNames.includes(asked as VideoConductorProviderName)) {
      throw new InvalidRequestError(`VIDEO_CONDUCTOR_PROVIDER must be "xai", "runway" or "local", got ${JSON.stringify(asked)}`, {
        field: options.provider === undefined ? 'VIDEO_CONDUCTOR_PROVIDER' : 'provider',
      });
    }
    if (asked === 'xai' && readVariable(env, 'XAI_API_KEY') === undefined) throw missingKey('the xAI provider was asked for', 'XAI_API_KEY');
    if (asked === 'runway' && readVariable(env, 'RUNWAYML_API_SECRET') === undefined) {
      throw new InvalidRequestError('The Runway provider was asked for: set RUNWAYML_API_SECRET to generate with Runway', {
        field: 'RUNWAYML_API_SECRET',
        code: 'MISSING_API_KEY',
      });
    }
    return asked as VideoConductorProviderName;
  }
  for (const name of ['xai', 'runway'] as const) if (readVariable(env, keyVariables[name]) !== undefined) return name;
  throw missingKey('no video provider is configured', 'XAI_API_KEY');
}

function missingKey(reason: string, field: string): InvalidRequestError {
  return new InvalidRequestError(
    `${reason[0]!.toUpperCase()}${reason.slice(1)}: set XAI_API_KEY to generate with xAI (or RUNWAYML_API_SECRET for Runway), or VIDEO_CONDUCTOR_PROVIDER=local (CLI: --provider local) for the offline local provider`,
    { field, code: reason.startsWith('no') ? 'MISSING_PROVIDER' : 'MISSING_API_KEY' },
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
 * `XAI_API_KEY` (and `XAI_BASE_URL` when set), Runway with `RUNWAYML_API_SECRET` (and
 * `RUNWAYML_BASE_URL` when set) and the Runway presets, or the offline local providers.
 * Opens and loads nothing: the remote adapters connect on the first call (Runway's SDK is
 * imported by `ready()` or that call), the local server starts on first use.
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
    return { name, provider: xai.video, imageProvider: xai.image, fetch: undefined, urlPolicy: undefined, polling: undefined, presets: undefined, ready: async () => {}, close: async () => {} };
  }
  if (name === 'runway') {
    const baseURL = readUrl(env, 'RUNWAYML_BASE_URL');
    const runway = createRunway({ apiKey: readVariable(env, 'RUNWAYML_API_SECRET'), ...(baseURL === undefined ? {} : { baseURL }) });
    const importModule = options.importModule ?? defaultImportModule;
    const need = { field: 'VIDEO_CONDUCTOR_PROVIDER', purpose: 'The Runway provider', packages: ['@runwayml/sdk'] };
    return {
      name,
      provider: runway.video,
      imageProvider: runway.image,
      fetch: undefined,
      urlPolicy: undefined,
      polling: undefined,
      presets: runwayPresets,
      ready: async () => void (await loadOptionalModule(importModule, '@runwayml/sdk', need)),
      close: async () => {},
    };
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
    presets: undefined,
    ready: async () => {},
    close: () => provider.close(),
  };
}
