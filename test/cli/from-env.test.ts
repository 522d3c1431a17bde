import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InvalidRequestError, LedgerError } from '@ring/video-conductor';
import {
  chooseProvider,
  createLedgerFromEnv,
  createProviderFromEnv,
  createStorageFromEnv,
  createVideoConductorFromEnv,
  s3ClientConfigFromEnv,
  type VideoConductorEnvironment,
} from '../../adapters/cli/index.js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3rver, type RunningS3rver } from '../storage/start-s3rver.js';

/** The error a promise (or function) rejects with. */
async function failure(action: () => unknown): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

/** An import that behaves as if `missing` were not installed. */
const without = (missing: string) => async (specifier: string) => {
  const error = Object.assign(new Error(`Cannot find package '${missing}' imported from /app/index.js`), { code: 'ERR_MODULE_NOT_FOUND' });
  if (specifier === missing || specifier.startsWith('@ring/video-conductor/')) throw error;
  return import(specifier);
};

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'video-conductor-from-env-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('choosing the provider', () => {
  it('without XAI_API_KEY and without asking for local, refuses with a message naming both ways out', async () => {
    const error = await failure(() => chooseProvider({}, {}));
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ field: 'XAI_API_KEY', code: 'MISSING_PROVIDER' });
    expect((error as Error).message).toContain('XAI_API_KEY');
    expect((error as Error).message).toContain('VIDEO_CONDUCTOR_PROVIDER=local');
  });

  it.each([
    [{ XAI_API_KEY: 'xai-test' }, {}, 'xai'],
    [{ XAI_API_KEY: 'xai-test', VIDEO_CONDUCTOR_PROVIDER: 'local' }, {}, 'local'],
    [{ VIDEO_CONDUCTOR_PROVIDER: 'LOCAL' }, {}, 'local'],
    [{}, { provider: 'local' as const }, 'local'],
    [{ VIDEO_CONDUCTOR_PROVIDER: 'local', XAI_API_KEY: 'xai-test' }, { provider: 'xai' as const }, 'xai'],
  ])('%j with options %j → %s', (env, options, expected) => {
    expect(chooseProvider(env, options)).toBe(expected);
  });

  it('never falls back to local when a key is set, and never to xAI without a key', async () => {
    expect(chooseProvider({ XAI_API_KEY: 'xai-test', VIDEO_CONDUCTOR_PROVIDER: '' }, {})).toBe('xai');
    expect(await failure(() => chooseProvider({ VIDEO_CONDUCTOR_PROVIDER: 'xai' }, {}))).toMatchObject({ field: 'XAI_API_KEY', code: 'MISSING_API_KEY' });
    expect(await failure(() => chooseProvider({ VIDEO_CONDUCTOR_PROVIDER: 'fal' }, {}))).toMatchObject({ field: 'VIDEO_CONDUCTOR_PROVIDER' });
  });

  it('creates the xAI providers from the key (no call is made) and the local ones on request', async () => {
    const xai = createProviderFromEnv({ XAI_API_KEY: 'xai-test' });
    expect([xai.provider.id, xai.imageProvider.id, xai.fetch]).toEqual(['xai', 'xai', undefined]);
    const local = createProviderFromEnv({ VIDEO_CONDUCTOR_LOCAL_POLLS: '0', VIDEO_CONDUCTOR_LOCAL_POLL_INTERVAL_MS: '25' }, { provider: 'local' });
    expect([local.provider.id, local.imageProvider.id, local.polling]).toEqual(['local', 'local', { intervalMs: 25 }]);
    const { requestId } = await local.provider.submit({ operation: 'generate', model: 'm', prompt: 'A fox' });
    expect(await local.provider.getStatus(requestId)).toMatchObject({ state: 'done' });
    await local.close();
    expect(await failure(() => createProviderFromEnv({ XAI_API_KEY: 'k', XAI_BASE_URL: 'not a url' }))).toMatchObject({ field: 'XAI_BASE_URL' });
    expect(await failure(() => createProviderFromEnv({ VIDEO_CONDUCTOR_LOCAL_POLLS: 'two' }, { provider: 'local' }))).toMatchObject({ field: 'VIDEO_CONDUCTOR_LOCAL_POLLS' });
  });
});

describe('optional peers are loaded only when chosen, and a missing one is named', () => {
  it('DATABASE_URL without pg', async () => {
    const error = await failure(() => createLedgerFromEnv({ DATABASE_URL: 'postgres://127.0.0.1:1/none' }, { importModule: without('pg') }));
    expect(error).toMatchObject({ name: 'InvalidRequestError', code: 'MISSING_PEER_DEPENDENCY', field: 'DATABASE_URL' });
    expect((error as Error).message).toMatch(/npm install pg$/);
  });

  it('the embedded ledger without @electric-sql/pglite', async () => {
    const error = await failure(() => createLedgerFromEnv({ VIDEO_CONDUCTOR_HOME: scratch }, { importModule: without('@electric-sql/pglite') }));
    expect(error).toMatchObject({ code: 'MISSING_PEER_DEPENDENCY', field: 'DATABASE_URL' });
    expect((error as Error).message).toContain('npm install @electric-sql/pglite');
    expect(existsSync(path.join(scratch, 'ledger'))).toBe(false);
  });

  it('S3 storage without the AWS SDK names all three packages', async () => {
    const error = await failure(() => createStorageFromEnv({ VIDEO_CONDUCTOR_S3_BUCKET: 'videos' }, { importModule: without('@aws-sdk/client-s3') }));
    expect(error).toMatchObject({ code: 'MISSING_PEER_DEPENDENCY', field: 'VIDEO_CONDUCTOR_S3_BUCKET' });
    expect((error as Error).message).toContain('npm install @aws-sdk/client-s3 @aws-sdk/lib-storage @aws-sdk/s3-request-presigner');
  });

  it('other import failures are not disguised', async () => {
    const broken = async () => {
      throw new SyntaxError('Unexpected token');
    };
    expect(await failure(() => createLedgerFromEnv({ DATABASE_URL: 'postgres://x/y' }, { importModule: broken }))).toBeInstanceOf(SyntaxError);
  });
});

describe('storage from the environment', () => {
  let s3: RunningS3rver;
  beforeAll(async () => {
    s3 = await startS3rver({ buckets: ['videos'] });
  });
  afterAll(async () => {
    await s3?.stop();
  });

  it('VIDEO_CONDUCTOR_S3_BUCKET + endpoint + AWS keys → S3 (path style), with the public base URL', async () => {
    const env = {
      VIDEO_CONDUCTOR_S3_BUCKET: 'videos',
      VIDEO_CONDUCTOR_S3_ENDPOINT: s3.endpoint,
      VIDEO_CONDUCTOR_PUBLIC_BASE_URL: 'https://cdn.example.com/media/',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    };
    expect(s3ClientConfigFromEnv(env)).toEqual({
      endpoint: s3.endpoint,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const { storage, description, close } = await createStorageFromEnv(env);
    try {
      expect(storage.id).toBe('s3');
      expect(description).toBe(`s3://videos at ${s3.endpoint}`);
      const stored = await storage.put('videos/a.mp4', new Uint8Array([1, 2, 3]), { contentType: 'video/mp4' });
      expect(stored.url).toBe('https://cdn.example.com/media/videos/a.mp4');
      expect(await s3.listFiles('videos')).toContainEqual(expect.stringContaining('videos/a.mp4'));
    } finally {
      await close();
    }
  });

  it('without a bucket → files under <home>/media (VIDEO_CONDUCTOR_HOME, relative to cwd), else ./.video-conductor/media', async () => {
    expect((await createStorageFromEnv({ VIDEO_CONDUCTOR_HOME: 'data' }, { cwd: scratch })).description).toBe(path.join(scratch, 'data', 'media'));
    const fallback = await createStorageFromEnv({}, { cwd: scratch });
    expect([fallback.storage.id, fallback.description]).toEqual(['fs', path.join(scratch, '.video-conductor', 'media')]);
    expect(await failure(() => createStorageFromEnv({ VIDEO_CONDUCTOR_PUBLIC_BASE_URL: 'cdn.example.com' }))).toMatchObject({ field: 'VIDEO_CONDUCTOR_PUBLIC_BASE_URL' });
  });
});

// PGlite's first start (initdb) takes seconds, more on a busy machine.
describe('createVideoConductorFromEnv with the embedded defaults', { timeout: 120_000 }, () => {
  let home: string;
  let environment: VideoConductorEnvironment | undefined;
  const env = () => ({ VIDEO_CONDUCTOR_PROVIDER: 'local', VIDEO_CONDUCTOR_HOME: home, VIDEO_CONDUCTOR_LOCAL_POLL_INTERVAL_MS: '20' });

  beforeAll(async () => {
    home = path.join(scratch, 'home');
  });
  afterAll(async () => {
    await environment?.close();
  });

  it('local provider → fs storage → PGlite ledger (migrated on first use): the stored file matches the row', async () => {
    environment = await createVideoConductorFromEnv(env());
    expect(environment.description).toEqual({ provider: 'local', storage: path.join(home, 'media'), ledger: `pglite:${path.join(home, 'ledger')}`, home, budget: {} });
    const result = await environment.conductor.generate({ prompt: 'A fox in the snow', aspectRatio: '9:16', audit: { actorId: 'test' } });
    if (!result.success) throw new Error('expected success');
    const file = path.join(home, 'media', result.video.storageKey!);
    const bytes = await readFile(file);
    const row = await environment.ledger.get(result.recordId);
    expect(row).toMatchObject({ status: 'succeeded', provider: 'local', sizeBytes: bytes.byteLength, audit: { actorId: 'test' } });
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(row!.sha256);
    expect(await environment.migrate()).toEqual({ applied: [] });
  });

  it('draws thumbnails with sharp over the first frame the local image provider made', async () => {
    const result = await environment!.conductor.generate({ prompt: 'The fox runs', firstFramePrompt: 'A fox', thumbnail: { title: 'The fox' } });
    if (!result.success) throw new Error('expected success');
    expect(result.warnings).not.toContainEqual(expect.objectContaining({ field: 'thumbnail' }));
    expect(result.thumbnail).toMatchObject({ contentType: 'image/jpeg', storageKey: `videos/${result.recordId}.thumbnail.jpg` });
    const jpeg = await readFile(path.join(home, 'media', result.thumbnail!.storageKey));
    expect([jpeg[0], jpeg[1]]).toEqual([0xff, 0xd8]);
  });

  it('holds the embedded ledger against a second opener until closed; the data survives reopening', async () => {
    const error = await failure(() => createLedgerFromEnv(env()));
    expect(LedgerError.isInstance(error) && error.code).toBe('LEDGER_IN_USE');
    expect((error as Error).message).toContain(`process ${process.pid}`);
    await environment!.close();
    await environment!.close(); // idempotent
    environment = undefined;

    const reopened = await createLedgerFromEnv(env());
    try {
      const { records } = await reopened.ledger.list({ limit: 10 });
      expect(records.map((record) => record.status)).toEqual(['succeeded', 'succeeded']);
    } finally {
      await reopened.close();
    }
  });

  it('closes what it opened when a later part fails', async () => {
    const error = await failure(() => createVideoConductorFromEnv({ ...env(), VIDEO_CONDUCTOR_LEDGER_TABLE: 'bad-name' }));
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    const reopened = await createLedgerFromEnv(env()); // the lock was released
    await reopened.close();
  });
});

describe('DATABASE_URL → a pg Pool (real server)', () => {
  const databaseUrl = process.env.DATABASE_URL;
  const table = `generated_videos_env_${randomBytes(4).toString('hex')}`;

  afterAll(async () => {
    if (databaseUrl === undefined || databaseUrl === '') return;
    const pool = new pg.Pool({ connectionString: databaseUrl });
    await pool.query(`DROP TABLE IF EXISTS "${table}"`);
    await pool.query('DELETE FROM video_conductor_migrations WHERE table_name = $1', [table]).catch(() => undefined);
    await pool.end();
  });

  it('is not migrated implicitly; migrate() creates the table; the description hides the password', async (context) => {
    if (databaseUrl === undefined || databaseUrl === '') return context.skip('DATABASE_URL is not set (CI sets it)');
    const opened = await createLedgerFromEnv({ DATABASE_URL: databaseUrl, VIDEO_CONDUCTOR_LEDGER_TABLE: table });
    try {
      expect(opened.embedded).toBe(false);
      expect(opened.description).not.toMatch(/@/);
      const missing = await failure(() => opened.ledger.list({ limit: 1 }));
      expect(LedgerError.isInstance(missing) && (missing as Error).message).toMatch(/42P01/);
      expect(await opened.migrate()).toEqual({ applied: ['0001_generated_videos', '0002_conductor_notes', '0003_queued_status'] });
      expect((await opened.ledger.list({ limit: 1 })).records).toEqual([]);
    } finally {
      await opened.close();
    }
  });
});

describe('home directory', () => {
  it('is created only when something is stored or the ledger is opened', async () => {
    const cwd = path.join(scratch, 'untouched');
    await mkdir(cwd);
    createProviderFromEnv({}, { provider: 'local', cwd });
    await createStorageFromEnv({}, { cwd });
    expect(existsSync(path.join(cwd, '.video-conductor'))).toBe(false);
  });
});
