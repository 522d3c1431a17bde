import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { videoStatuses, type VideoRecord } from '@ring/video-conductor';
import { postgresMigrations, renderPostgresMigrations } from '@ring/video-conductor/postgres';
import { describe, expect, it } from 'vitest';
import { splitSqlStatements } from '../../adapters/postgres/split-sql-statements.js';
import { maxDerivedNameSuffixBytes } from '../../adapters/postgres/table-name.js';
import { videoRecordColumns } from '../../adapters/postgres/video-record-columns.js';

const migrationsFolder = fileURLToPath(new URL('../../adapters/postgres/migrations/', import.meta.url));
const sqlFiles = readdirSync(migrationsFolder).filter((file) => file.endsWith('.sql')).sort();

describe('Postgres ledger migrations', () => {
  it('embeds every .sql file byte for byte, in file-name order, and nothing else', () => {
    expect(sqlFiles.length).toBeGreaterThan(0);
    expect(postgresMigrations.map((migration) => `${migration.name}.sql`)).toEqual(sqlFiles);
    for (const migration of postgresMigrations) {
      const file = readFileSync(`${migrationsFolder}${migration.name}.sql`);
      expect(Buffer.from(migration.sql, 'utf8').equals(file), `${migration.name}: the constant in migrations/index.ts must equal the .sql file`).toBe(true);
      expect(migration.name).toMatch(/^\d{4}_[a-z0-9_]+$/);
    }
  });

  it('allows exactly the statuses of the core in the status CHECK (its latest definition)', () => {
    const sql = postgresMigrations.findLast((migration) => /CHECK \(status IN/.test(migration.sql))?.sql ?? '';
    const check = /CHECK \(status IN \(([^)]*)\)\)/.exec(sql)?.[1] ?? '';
    const allowed = [...check.matchAll(/'([a-z_]+)'/g)].map((match) => match[1]);
    expect(allowed).toEqual([...videoStatuses]);
  });

  it('has one column for each VideoRecord field, the columns the ledger maps', () => {
    const sql = postgresMigrations[0]?.sql ?? '';
    const body = /CREATE TABLE \{\{schema\}\}\.\{\{table\}\} \(\n([\s\S]*?)\n\);/.exec(sql)?.[1] ?? '';
    const columns = body
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('CONSTRAINT') && /^[a-z_0-9]+ /.test(line))
      .map((line) => line.split(' ')[0]);
    // Later migrations add columns at the end.
    for (const migration of postgresMigrations.slice(1)) {
      for (const [, column] of migration.sql.matchAll(/ADD COLUMN ([a-z_0-9]+) /g)) columns.push(column);
    }
    expect(columns).toEqual(videoRecordColumns.map((column) => column.column));
    const fields: (keyof VideoRecord)[] = videoRecordColumns.map((column) => column.field);
    expect(new Set(fields).size).toBe(32);
  });

  it('renders placeholders into quoted identifiers, with or without a schema, and leaves none behind', () => {
    const [plain] = renderPostgresMigrations();
    expect(plain?.sql).toContain('CREATE TABLE "generated_videos" (');
    expect(plain?.sql).toContain('CONSTRAINT "generated_videos_idempotency_key_key" UNIQUE (idempotency_key)');
    expect(plain?.sql).toContain(`CREATE INDEX "generated_videos_clip_id_idx" ON "generated_videos" ((audit ->> 'clipId'));`);
    const [qualified] = renderPostgresMigrations({ schema: 'Media', table: 'clips' });
    expect(qualified?.sql).toContain('CREATE TABLE "Media"."clips" (');
    expect(qualified?.sql).toContain('CREATE INDEX "clips_status_updated_at_idx" ON "Media"."clips" (status, updated_at);');
    for (const rendered of [plain, qualified]) expect(rendered?.sql).not.toMatch(/\{\{|\}\}/);
  });

  it('keeps derived index and constraint names within the 63 bytes Postgres allows', () => {
    for (const migration of postgresMigrations) {
      for (const [, suffix] of migration.sql.matchAll(/\{\{table:([a-z0-9_]+)\}\}/g)) {
        expect(`_${suffix}`.length, suffix).toBeLessThanOrEqual(maxDerivedNameSuffixBytes);
      }
    }
    const longest = 'a'.repeat(63 - maxDerivedNameSuffixBytes);
    const [rendered] = renderPostgresMigrations({ table: longest });
    for (const [, name] of (rendered?.sql ?? '').matchAll(/"([^"]+)"/g)) expect((name ?? '').length).toBeLessThanOrEqual(63);
  });

  it('splits into single statements, ignoring semicolons in strings, identifiers, dollar quotes and comments', () => {
    expect(
      splitSqlStatements(
        [
          '-- a comment; with a semicolon',
          "SELECT 'a;b', E'it\\'s;', \"odd;name\" FROM t;",
          '/* block; /* nested; */ still; */ SELECT 2 ;',
          'DO $body$ BEGIN PERFORM 1; END $body$;',
          "SELECT $$x;y$$, 'it''s;' ;;",
          '-- trailing comment only',
        ].join('\n'),
      ),
    ).toEqual([
      "SELECT 'a;b', E'it\\'s;', \"odd;name\" FROM t",
      'SELECT 2',
      'DO $body$ BEGIN PERFORM 1; END $body$',
      "SELECT $$x;y$$, 'it''s;'",
    ]);
    const statements = splitSqlStatements(renderPostgresMigrations()[0]?.sql ?? '');
    expect(statements).toHaveLength(8);
    expect(statements[0]).toMatch(/CREATE TABLE "generated_videos" \(/);
    expect(statements.slice(1).every((statement) => statement.startsWith('CREATE INDEX '))).toBe(true);
  });
});
