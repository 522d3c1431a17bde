/**
 * Splits a migration script into single statements at the `;` that end them.
 *
 * Needed because drivers differ: `pg` runs several statements in one `query()` without
 * parameters, but PGlite's `query()` and postgres.js (extended protocol) accept exactly one.
 * Semicolons inside quoted strings (`'…'`, `E'…'`), quoted identifiers (`"…"`),
 * dollar-quoted bodies (`$$…$$`, `$tag$…$tag$`) and comments do not split.
 *
 * @returns The statements without their final `;` and the comments before them, trimmed;
 * empty statements and comment-only pieces are dropped.
 */
export function splitSqlStatements(script: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let index = 0;
  let hasCode = false;
  const length = script.length;

  const finish = (end: number) => {
    const statement = withoutLeadingComments(script.slice(start, end)).trim();
    if (hasCode && statement !== '') statements.push(statement);
    hasCode = false;
  };

  while (index < length) {
    const character = script[index];
    const next = script[index + 1];
    if (character === '-' && next === '-') {
      const lineEnd = script.indexOf('\n', index);
      index = lineEnd === -1 ? length : lineEnd + 1;
    } else if (character === '/' && next === '*') {
      index = skipBlockComment(script, index);
    } else if (character === "'") {
      const escapes = index > 0 && /[eE]/.test(script[index - 1] ?? '') && !/[A-Za-z0-9_]/.test(script[index - 2] ?? '');
      index = skipQuoted(script, index, "'", escapes);
      hasCode = true;
    } else if (character === '"') {
      index = skipQuoted(script, index, '"', false);
      hasCode = true;
    } else if (character === '$') {
      const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(script.slice(index))?.[0];
      if (tag === undefined) {
        index += 1;
      } else {
        const close = script.indexOf(tag, index + tag.length);
        index = close === -1 ? length : close + tag.length;
      }
      hasCode = true;
    } else if (character === ';') {
      finish(index);
      index += 1;
      start = index;
    } else {
      if (character !== undefined && !/\s/.test(character)) hasCode = true;
      index += 1;
    }
  }
  finish(length);
  return statements;
}

/** Index just after a `/* … *\/` comment; Postgres nests them. */
function skipBlockComment(script: string, start: number): number {
  let depth = 0;
  let index = start;
  while (index < script.length) {
    if (script.startsWith('/*', index)) {
      depth += 1;
      index += 2;
    } else if (script.startsWith('*/', index)) {
      depth -= 1;
      index += 2;
      if (depth === 0) return index;
    } else {
      index += 1;
    }
  }
  return index;
}

/** Index just after a quoted run; a doubled quote is an escaped quote, and so is `\'` in `E'…'`. */
function skipQuoted(script: string, start: number, quote: string, backslashEscapes: boolean): number {
  let index = start + 1;
  while (index < script.length) {
    const character = script[index];
    if (backslashEscapes && character === '\\') {
      index += 2;
    } else if (character === quote) {
      if (script[index + 1] === quote) index += 2;
      else return index + 1;
    } else {
      index += 1;
    }
  }
  return index;
}

/** The statement without the comments and blank space before its first token. */
function withoutLeadingComments(statement: string): string {
  let index = 0;
  for (;;) {
    while (index < statement.length && /\s/.test(statement[index] ?? '')) index += 1;
    if (statement.startsWith('--', index)) {
      const lineEnd = statement.indexOf('\n', index);
      index = lineEnd === -1 ? statement.length : lineEnd + 1;
    } else if (statement.startsWith('/*', index)) {
      index = skipBlockComment(statement, index);
    } else {
      return statement.slice(index);
    }
  }
}
