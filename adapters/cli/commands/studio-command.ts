import { InvalidRequestError } from '@ring/video-conductor';
import type * as StudioModule from '@ring/video-conductor/studio';
import type { CliCommand } from '../cli-command.js';
import { readVariable } from '../env/read-env.js';
import { errorToJson } from '../output/report-error.js';
import { parseNumberFlag } from '../request-flags.js';
import { withEnvironment } from './open-environment.js';

/** The variable holding the studio's bearer tokens, comma separated (needed beyond loopback). */
export const studioTokensVariable = 'VIDEO_CONDUCTOR_STUDIO_TOKENS';
/** The variable listing the host names the studio accepts, comma separated (`--allowed-hosts` overrides it). */
const allowedHostsVariable = 'VIDEO_CONDUCTOR_STUDIO_ALLOWED_HOSTS';

function listOf(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** `video-conductor studio`: the operator console in a browser. */
export const studioCommand: CliCommand = {
  name: 'studio',
  usage: 'studio [--port 4777] [--host 127.0.0.1]',
  summary: 'Serve the operator console: jobs, videos, campaigns and spend in a browser',
  details: [
    'Serves a local web console over the same conductor, ledger and storage as the other commands,',
    'until Ctrl-C. Loopback only by default. A HOST beyond loopback needs bearer tokens in',
    `${studioTokensVariable} (comma separated) and --allowed-hosts (or ${allowedHostsVariable}).`,
    'Resume, persist and cancel buttons act only with --allow-actions; otherwise they answer 403.',
  ].join('\n'),
  flags: [
    { name: 'port', type: 'string', value: 'N', description: 'port (default 4777; 0 picks a free one)' },
    { name: 'host', type: 'string', value: 'HOST', description: 'address to listen on (default 127.0.0.1)' },
    { name: 'allowed-hosts', type: 'string', value: 'NAME[,NAME]', description: `host names the Host/Origin headers may name (default ${allowedHostsVariable}, else localhost,127.0.0.1,[::1])` },
    { name: 'allow-actions', type: 'boolean', description: 'let the console resume, persist and cancel jobs' },
  ],
  positionals: [],
  async run(context) {
    const { values, io } = context;
    const port = parseNumberFlag(values, 'port', 'studio', { min: 0, max: 65_535, unit: 'port' }) ?? 4777;
    const host = typeof values.host === 'string' ? values.host : '127.0.0.1';
    const allowedHosts = listOf(typeof values['allowed-hosts'] === 'string' ? values['allowed-hosts'] : readVariable(io.env, allowedHostsVariable));
    const tokens = listOf(readVariable(io.env, studioTokensVariable));
    // No optional peer behind it, but loaded only when asked for, like every server.
    const { createStudio, isLoopbackHost } = (await import('@ring/video-conductor/studio')) as typeof StudioModule;
    // Checked before the ledger is opened, in the CLI's words (listen refuses it too).
    if (!isLoopbackHost(host) && tokens.length === 0) {
      throw new InvalidRequestError(`studio --host ${host} listens beyond loopback: set ${studioTokensVariable} (comma separated bearer tokens)`, { field: studioTokensVariable, code: 'STUDIO_TOKENS_MISSING' });
    }
    if (!isLoopbackHost(host) && allowedHosts.length === 0) {
      throw new InvalidRequestError(`studio --host ${host} listens beyond loopback: name the host names browsers reach it by with --allowed-hosts (or ${allowedHostsVariable})`, {
        field: 'allowedHosts',
        code: 'STUDIO_ALLOWED_HOSTS_MISSING',
      });
    }
    return withEnvironment(context, async ({ conductor, ledger, storage, description }) => {
      const studio = createStudio({
        conductor,
        ledger,
        storage,
        allowActions: values['allow-actions'] === true,
        tokens,
        budget: description.budget,
        ...(allowedHosts.length === 0 ? {} : { allowedHosts }),
        onError: (error, source) => {
          io.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'error', event: 'studio.action', ...source, error: errorToJson(error) })}\n`);
        },
      });
      const server = await studio.listen({ port, host });
      if (!isLoopbackHost(host)) {
        io.stderr.write(`WARNING: the studio listens on ${host}, beyond loopback. Tokens travel in clear over plain HTTP: put a TLS-terminating reverse proxy in front.\n`);
      }
      io.stderr.write(`studio: ${server.url}/jobs${values['allow-actions'] === true ? ' (actions on)' : ''}\n`);
      await new Promise<void>((resolve) => {
        if (io.signal === undefined) return;
        if (io.signal.aborted) resolve();
        io.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      await server.close();
      return 0;
    });
  },
};
