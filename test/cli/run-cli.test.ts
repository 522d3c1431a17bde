import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliExitCodes, cliVersion, runCli, type CliIo } from '../../adapters/cli/index.js';
import { cliCommands } from '../../adapters/cli/run-cli.js';

// runCli in-process, for what needs no ledger: help, flag parsing, validation, estimates,
// manifest checks. The child-process tests (cli-commands, cli-campaign) cover the binary.

let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), 'video-conductor-run-cli-'));
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

async function run(args: string[], env: Record<string, string> = { VIDEO_CONDUCTOR_PROVIDER: 'local' }) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, env, cwd };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

describe('runCli', () => {
  it('--version is the package version; --help lists every command; no command is bad input', async () => {
    const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(cliVersion).toBe(packageJson.version);
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${packageJson.version}\n`, stderr: '' });
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    for (const command of cliCommands) expect(help.stdout).toContain(`  ${command.usage} `);
    expect(help.stdout).toContain('Exit codes: 0 ok, 1 failed, 2 bad input, 3 moderated, 130 interrupted.');
    const none = await run([]);
    expect([none.code, none.stdout]).toEqual([2, '']);
    expect(none.stderr).toMatch(/^video-conductor .*\n[\s\S]*error: missing command\n/);
  });

  it.each(cliCommands.map((command) => [command.name, command] as const))('%s --help shows usage, every flag and the global flags', async (name, command) => {
    const result = await run([name, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith(`Usage: video-conductor ${command.usage}`)).toBe(true);
    for (const flag of command.flags) expect(result.stdout).toContain(`--${flag.name}`);
    expect(result.stdout).toContain('--json');
    expect(result.stdout).toContain('-h, --help');
  });

  const badInput: [string, string[], RegExp][] = [
    ['an unknown flag', ['generate', 'A fox', '--colour', 'red'], /^error: unknown flag --colour for "generate"\nRun "video-conductor generate --help" for usage\.\n$/],
    ['a short unknown flag', ['list', '-x'], /^error: unknown flag -x for "list"/],
    ['a flag without its value', ['generate', 'A fox', '--duration'], /^error: --duration needs a value/],
    ['a value for a boolean flag', ['generate', 'A fox', '--remaster=yes'], /^error: --remaster takes no value/],
    ['a missing argument', ['status'], /^error: missing <recordId>: usage: video-conductor status <recordId>/],
    ['an unquoted prompt', ['generate', 'A', 'fox'], /^error: unexpected argument "fox" \(put the prompt in quotes\)/],
    ['an unknown command', ['make', 'x'], /^error: unknown command "make"; commands: generate, estimate, run, status, list, resume, recover, migrate/],
    ['an unknown provider', ['estimate', 'A fox', '--provider', 'sora'], /^error: --provider must be "local", "xai" or "runway", got "sora"/],
    ['a duration that is no number', ['generate', 'A fox', '--duration', 'six'], /^error: --duration must be a number of seconds, got "six"/],
    ['a fractional duration', ['generate', 'A fox', '--duration', '2.5'], /^error: --duration: Invalid video request: durationSec must be a whole number/],
    ['a zero timeout', ['generate', 'A fox', '--timeout-ms', '0'], /^error: --timeout-ms must be from 1 to 86400000 milliseconds, got 0/],
    ['an http image', ['generate', 'A fox', '--image-url', 'http://example.com/a.png'], /^error: --image-url: Invalid video request: imageUrl must be an absolute https:\/\/ URL/],
    ['an empty audit field', ['generate', 'A fox', '--clip-id', ' '], /^error: --clip-id: Invalid video request: audit\.clipId must not be empty/],
    ['an unknown quality mode', ['estimate', 'A fox', '--quality-mode', 'cinema'], /^error: --quality-mode: Invalid video request: unknown qualityMode "cinema"/],
    ['an operation without a source', ['generate', 'A fox', '--operation', 'extend'], /^error: --operation: Invalid video request: operation needs sourceVideoUrl/],
    ['an extension of 12 s', ['estimate', 'A fox', '--provider', 'xai', '--source-video-url', 'https://media.example.com/a.mp4', '--operation', 'extend', '--duration', '12'], /^error: --duration: Invalid video request: durationSec of an extension is the length of the added segment, a whole number from 2 to 10, got 12/],
    ['eight reference images', ['estimate', 'A fox', '--provider', 'xai', ...Array.from({ length: 8 }, (_, index) => ['--reference-image-url', `https://images.example.com/${index}.png`]).flat()], /^error: --reference-image-url: Invalid video request: referenceImageUrls must hold 1 to 7 URLs/],
    ['a last frame on grok-imagine-video', ['estimate', 'A fox', '--provider', 'xai', '--last-frame-url', 'https://images.example.com/z.png'], /^error: --last-frame-url: Model "grok-imagine-video" of provider "xai" takes no last frame/],
    ['a list limit of 0', ['list', '--limit', '0'], /^error: --limit must be from 1 to 1000 rows, got 0/],
    ['an unknown status', ['list', '--status', 'succeeded,done'], /^error: --status "done" is not a status/],
    ['a recover limit that is no number', ['recover', '--limit', 'many'], /^error: --limit must be a number of rows, got "many"/],
    ['a campaign concurrency of 20', ['run', 'm.json', '--concurrency', '20'], /^error: --concurrency must be from 1 to 16 clips, got 20/],
    ['a negative cost cap', ['run', 'm.json', '--max-cost-usd=-1'], /^error: --max-cost-usd must be from 0 to 1000000 USD, got -1/],
    ['a value that looks like a flag', ['run', 'm.json', '--max-cost-usd', '-1'], /^error: --max-cost-usd needs a value \(a value starting with "-" is written --max-cost-usd=-1\)/],
  ];

  it.each(badInput)('%s exits 2 and names it', async (_name, args, message) => {
    const result = await run(args);
    expect(result.code).toBe(cliExitCodes.badInput);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('with --json, bad input is one JSON document naming the flag, and the message still goes to stderr', async () => {
    const result = await run(['generate', 'A fox', '--aspect-ratio', '7:5', '--json']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      exitCode: 2,
      error: { name: 'InvalidRequestError', code: 'INVALID_REQUEST', field: 'aspectRatio', flag: '--aspect-ratio', message: expect.stringContaining('7:5') },
    });
    expect(result.stderr).toMatch(/^error: --aspect-ratio: /);
    const usage = await run(['list', '--bogus', '--json']);
    expect(JSON.parse(usage.stdout)).toEqual({ ok: false, exitCode: 2, error: { name: 'UsageError', code: 'USAGE', message: 'unknown flag --bogus for "list"', flag: '--bogus' } });
  });

  it('estimate prints the plan, upgrades and cost; --json is the plan', async () => {
    const human = await run(['estimate', 'A fox', '--first-frame-prompt', 'A fox in the snow', '--duration', '5', '--remaster']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toBe(
      [
        // An image starts the video and no ratio was asked: its shape is kept (none is sent).
        'production_i2v  grok-imagine-video-1.5  720p  5 s  image shape  generate',
        'estimated cost  $0.73 ($0.14/s × 5 s + first frame $0.02 + inputs $0.01)',
        'upgraded  draft → production: remaster: true selects the production preset',
        'upgraded  production → production_i2v: ' + human.stdout.split('production → production_i2v: ')[1]!.split('\n')[0],
        '',
      ].join('\n'),
    );
    const json = await run(['estimate', 'A fox', '--aspect-ratio', '9:16', '--json'], {});
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, exitCode: 0, plan: { provider: 'xai', qualityMode: 'draft', aspectRatio: '9:16', durationSec: 8, estimatedCostUsd: 0.4 } });
    expect(existsSync(path.join(cwd, '.video-conductor'))).toBe(false);
  });

  it('estimate takes the flags of the capabilities xAI has: reference images (repeated), --no-audio, 1080p, extension and source length', async () => {
    const references = await run(
      ['estimate', 'Two friends meet', '--reference-image-url', 'https://images.example.com/a.png', '--reference-image-url', 'https://images.example.com/b.png', '--no-audio', '--duration', '6', '--json'],
      {},
    );
    expect(references.code, references.stderr).toBe(0);
    expect(JSON.parse(references.stdout).plan).toMatchObject({
      referenceImageUrls: ['https://images.example.com/a.png', 'https://images.example.com/b.png'],
      generateAudio: false,
      estimatedCostUsd: 0.304, // 6 s × 0.05 + 2 input images × 0.002
    });
    const hd = await run(['estimate', 'A fox', '--image-url', 'https://images.example.com/fox.png', '--quality-mode', 'production_i2v_1080p', '--duration', '4', '--json'], {});
    expect(JSON.parse(hd.stdout).plan).toMatchObject({ resolution: '1080p', model: 'grok-imagine-video-1.5', estimatedCostUsd: 1.01, aspectRatio: null });
    const extend = await run(['estimate', 'More', '--source-video-url', 'https://media.example.com/a.mp4', '--operation', 'extend', '--duration', '4', '--source-video-duration', '6', '--json'], {});
    expect(JSON.parse(extend.stdout).plan).toMatchObject({ operation: 'extend', durationSec: 4, sourceVideoDurationSec: 6, estimatedCostUsd: 0.26 });
  });

  it('run rejects a malformed manifest with the JSON path of the problem, before opening anything', async () => {
    const write = async (name: string, content: unknown) => {
      await writeFile(path.join(cwd, name), typeof content === 'string' ? content : JSON.stringify(content));
      return name;
    };
    const clips = [{ id: 'a', prompt: 'A fox' }, { id: 'b', prompt: 'A hare', durationSec: 30 }];
    const notJson = await run(['run', await write('broken.json', '{ "version": 2, ')]);
    expect([notJson.code, notJson.stderr]).toEqual([2, expect.stringMatching(/^error: Invalid manifest: broken\.json is not valid JSON/)]);
    const shape = await run(['run', await write('shape.json', { version: 2, campaign: 'c', clips: [{ id: 'a', prompt: 'x', dialogue: [{ speaker: 'A' }] }] }), '--json']);
    expect(shape.code).toBe(2);
    expect(JSON.parse(shape.stdout).error).toMatchObject({ code: 'INVALID_MANIFEST', field: 'clips[0].dialogue[0].line' });
    expect(shape.stderr).toMatch(/^error: Invalid manifest: clips\[0\]\.dialogue\[0\]\.line: line is required/);
    const plan = await run(['run', await write('plan.json', { version: 2, campaign: 'c', clips })]);
    expect(plan.code).toBe(2);
    expect(plan.stderr).toMatch(/^error: Invalid manifest: clips\[1\]\.durationSec: durationSec must be .*15/);
    expect(existsSync(path.join(cwd, '.video-conductor'))).toBe(false);
  });
});
