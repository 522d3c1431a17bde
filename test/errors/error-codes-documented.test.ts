import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Codes that Node, undici, pg and postgres.js put on *their* errors. Our sources only compare
 * against them (to classify a failure); they never reach a user as a code of ours.
 */
const foreignCodes = new Set([
  'ERR_MODULE_NOT_FOUND',
  'MODULE_NOT_FOUND',
  'ERR_PARSE_ARGS_UNKNOWN_OPTION',
  'ERR_PARSE_ARGS_INVALID_OPTION_VALUE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'EAI_AGAIN',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
]);

/** Environment variable names, which look like codes but are not. */
const isVariableName = (name: string) => /^(XAI|AWS|RING_MCP|RUNWAYML)_/.test(name) || name === 'DATABASE_URL' || (/^VIDEO_CONDUCTOR_/.test(name) && name !== 'VIDEO_CONDUCTOR_ERROR');

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : sourceFiles(relative);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [relative] : [];
  });
}

/**
 * Every error code the sources can produce: UPPER_SNAKE string literals (`'SUBMIT_OUTCOME_UNKNOWN'`,
 * wherever they appear — in `code: …`, a default `options.code ?? …`, or a helper's argument),
 * plus one-word ones written as a code (`code: 'TIMEOUT'`, `code: cond ? 'A' : 'B'`).
 */
export function collectErrorCodes(files: string[]): Map<string, string> {
  const codes = new Map<string, string>();
  const add = (code: string, where: string) => {
    if (!foreignCodes.has(code) && !isVariableName(code) && !codes.has(code)) codes.set(code, where);
  };
  for (const file of files) {
    const text = readFileSync(path.join(root, file), 'utf8');
    text.split('\n').forEach((line, index) => {
      const where = `${file}:${index + 1}`;
      for (const match of line.matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g)) add(match[1]!, where);
      const codeContext = /\bcode\s*(?::|\?\?|=(?!=))([^,;}]*)/.exec(line);
      if (codeContext !== null) for (const match of codeContext[1]!.matchAll(/'([A-Z][A-Z0-9]+)'/g)) add(match[1]!, where);
    });
  }
  return codes;
}

/** Codes with an entry in docs/errors.md: a `####` heading naming them, whose section says what to do. */
export function documentedCodes(markdown: string): Set<string> {
  const documented = new Set<string>();
  const sections = markdown.split(/^(?=#{2,4} )/m);
  for (const section of sections) {
    const heading = /^####\s+(.*)$/m.exec(section.split('\n')[0] ?? '');
    if (heading === null || !/\*\*What to do:\*\*\s+\S/.test(section)) continue;
    for (const match of heading[1]!.matchAll(/`([A-Z][A-Z0-9_]+)`/g)) documented.add(match[1]!);
  }
  return documented;
}

/** The members of the `VideoConductorErrorCode` union, read by the TypeScript checker. */
export function unionCodes(file = 'src/errors/video-conductor-error-code.ts', typeName = 'VideoConductorErrorCode'): Set<string> {
  const fileName = path.join(root, file);
  const program = ts.createProgram([fileName], { strict: true, noEmit: true });
  const checker = program.getTypeChecker();
  const alias = program.getSourceFile(fileName)?.statements.find(
    (statement): statement is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(statement) && statement.name.text === typeName,
  );
  if (alias === undefined) throw new Error(`${typeName} not found in ${file}`);
  const type = checker.getTypeAtLocation(alias.name);
  return new Set((type.isUnion() ? type.types : [type]).filter((member) => member.isStringLiteral()).map((member) => (member as ts.StringLiteralType).value));
}

describe('docs/errors.md and VideoConductorErrorCode', () => {
  const codes = collectErrorCodes([...sourceFiles('src'), ...sourceFiles('adapters')]);
  const union = unionCodes();
  const documented = documentedCodes(readFileSync(path.join(root, 'docs/errors.md'), 'utf8'));

  it('finds the codes of the sources (one-word and default codes too)', () => {
    for (const code of ['SUBMIT_OUTCOME_UNKNOWN', 'REQUEST_ID_NOT_RECORDED', 'LEDGER_IN_USE', 'MISSING_PEER_DEPENDENCY', 'TIMEOUT', 'USAGE', 'ABORTED', 'PROVIDER_ERROR', 'VIDEO_CONDUCTOR_ERROR']) {
      expect(codes.has(code), code).toBe(true);
    }
    expect(codes.has('XAI_API_KEY')).toBe(false);
    expect(codes.has('ERR_MODULE_NOT_FOUND')).toBe(false);
  });

  it('VideoConductorErrorCode lists every error code used in src/ and adapters/', () => {
    expect(union.size).toBeGreaterThan(50);
    const missing = [...codes].filter(([code]) => !union.has(code)).map(([code, where]) => `${code} (${where})`);
    expect(missing, 'add to VideoConductorErrorCode (src/errors/video-conductor-error-code.ts)').toEqual([]);
  });

  it('has a "what to do" entry for every VideoConductorErrorCode', () => {
    const missing = [...union].filter((code) => !documented.has(code));
    expect(missing, 'add a "#### `CODE`" entry with "**What to do:**" to docs/errors.md for').toEqual([]);
  });

  it('counts only entries that say what to do', () => {
    const parsed = documentedCodes('#### `A_CODE`\nWhen.\n**What to do:** retry.\n\n#### `B_CODE`\nWhen, but no advice.\n');
    expect([...parsed]).toEqual(['A_CODE']);
  });
});
