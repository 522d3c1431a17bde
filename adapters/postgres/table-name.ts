import { InvalidRequestError } from '@ring/video-conductor';

/** Default name of the ledger table. */
export const defaultTableName = 'generated_videos';

/** Name of the table {@link migrate} records applied migrations in (in the ledger's schema). */
export const migrationsTableName = 'video_conductor_migrations';

/** Postgres truncates identifiers longer than this many bytes (NAMEDATALEN - 1). */
const maxIdentifierBytes = 63;

/**
 * The longest suffix a migration appends to the table name for an index or constraint
 * (`_pipeline_request_id_idx`, with its underscore). The table name must leave room for it,
 * or Postgres would silently truncate two index names to the same one.
 * `test/postgres/migration-files.test.ts` checks that it covers every shipped migration.
 */
export const maxDerivedNameSuffixBytes = '_pipeline_request_id_idx'.length;

/** Unquoted-identifier syntax: a letter or underscore, then letters, digits and underscores. */
const identifierPattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Where the ledger table lives, validated and quoted once. */
export interface TableName {
  /** The table name as given, e.g. `generated_videos`. */
  readonly table: string;
  /** The schema as given; `undefined`: the connection's `search_path` decides. */
  readonly schema: string | undefined;
  /** The SQL to name the table: `"schema"."table"` or `"table"`. */
  readonly qualified: string;
  /** The SQL to name a sibling table in the same schema, e.g. the migrations table. */
  qualify(name: string): string;
  /** For messages: `schema.table` or `table`, unquoted. */
  readonly label: string;
}

/**
 * Validates the table and schema names and quotes them. Only names of letters, digits and
 * underscores are accepted, so quoting is exact and no name can carry SQL.
 *
 * @throws InvalidRequestError when a name is not such an identifier or is too long.
 */
export function resolveTableName(options: { table?: string; schema?: string }): TableName {
  const table = options.table ?? defaultTableName;
  const schema = options.schema;
  assertIdentifier('table', table, maxIdentifierBytes - maxDerivedNameSuffixBytes);
  if (schema !== undefined) assertIdentifier('schema', schema, maxIdentifierBytes);
  const prefix = schema === undefined ? '' : `${quoteIdentifier(schema)}.`;
  return {
    table,
    schema,
    qualified: prefix + quoteIdentifier(table),
    qualify: (name) => prefix + quoteIdentifier(name),
    label: schema === undefined ? table : `${schema}.${table}`,
  };
}

/** Quotes a name already checked by {@link resolveTableName} (it holds no `"`). */
export function quoteIdentifier(name: string): string {
  return `"${name}"`;
}

function assertIdentifier(field: 'table' | 'schema', value: unknown, maxLength: number): void {
  if (typeof value !== 'string' || !identifierPattern.test(value)) {
    throw new InvalidRequestError(
      `Postgres ledger ${field} name must consist of letters, digits and underscores and not start with a digit`,
      { field },
    );
  }
  if (value.length > maxLength) {
    throw new InvalidRequestError(
      `Postgres ledger ${field} name must be at most ${maxLength} characters long (got ${value.length})` +
        (field === 'table' ? ', so the index names derived from it stay within the 63 bytes Postgres allows' : ''),
      { field },
    );
  }
}
