import { postgresMigrations } from './migrations/index.js';
import { quoteIdentifier, resolveTableName } from './table-name.js';

/** A placeholder of a migration template: `{{schema}}.`, `{{table}}` or `{{table:suffix}}`. */
const placeholderPattern = /\{\{schema\}\}\.|\{\{table(?::([a-z0-9_]+))?\}\}/g;

/**
 * Fills the placeholders of a migration template with quoted identifiers.
 *
 * @param template The SQL of a migration (see `migrations/index.ts` for the placeholders).
 * @param target Where the ledger table lives.
 * @throws Error when a `{{…}}` placeholder is left that this function does not know (a
 * defect of the migration, caught by the tests).
 */
export function renderMigrationSql(template: string, target: { table?: string; schema?: string } = {}): string {
  const name = resolveTableName(target);
  const rendered = template.replace(placeholderPattern, (placeholder, suffix: string | undefined) => {
    if (placeholder === '{{schema}}.') return name.schema === undefined ? '' : `${quoteIdentifier(name.schema)}.`;
    return quoteIdentifier(suffix === undefined ? name.table : `${name.table}_${suffix}`);
  });
  if (rendered.includes('{{')) throw new Error('A migration template holds an unknown {{placeholder}}');
  return rendered;
}

/** A migration with its placeholders filled, from {@link renderPostgresMigrations}. */
export interface RenderedPostgresMigration {
  /** E.g. `0001_generated_videos`. */
  name: string;
  /** Plain SQL, ready for `psql -f` or another migration tool. */
  sql: string;
}

/**
 * The ledger's migrations as plain SQL for a given table and schema, for teams that apply
 * schema changes with their own tool (Flyway, Sqitch, Prisma, psql) instead of
 * {@link migrate}. Apply them in order, each once.
 *
 * @param options `table` @default 'generated_videos'; `schema` @default the `search_path`.
 * @example
 * ```ts
 * for (const { name, sql } of renderPostgresMigrations({ schema: 'media' })) {
 *   await writeFile(`migrations/${name}.sql`, sql);
 * }
 * ```
 */
export function renderPostgresMigrations(options: { table?: string; schema?: string } = {}): RenderedPostgresMigration[] {
  return postgresMigrations.map((migration) => ({ name: migration.name, sql: renderMigrationSql(migration.sql, options) }));
}
