import { isBuiltin } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

/** A source file to check, with its path relative to the repository root (`/` separators). */
export interface ScannedFile {
  path: string;
  text: string;
}

/** One broken import rule (numbers as in ARCHITECTURE.md, "Import rules"). */
export interface ImportOffence {
  /**
   * 1 src imports; 2 ports hold types only; 3 adapters reach core by name; 4 adapters never
   * import each other (the composition root `adapters/cli` may import their published
   * subpaths by name; any adapter may import the `/provider-kit` subpath); 5 no test runner in shipped adapter code.
   */
  rule: 1 | 2 | 3 | 4 | 5;
  file: string;
  /** 1-based line of the offending import or statement. */
  line: number;
  message: string;
}

export interface ImportRuleOptions {
  /** The package's own name, e.g. `@ring/video-conductor`. */
  packageName: string;
  /** The keys of package.json `exports` (`.`, `./testing`, `./presets/video-presets.json`, …). */
  exportedSubpaths: readonly string[];
  /** Packages a `*.test.ts` file under `src/` may import besides zod (test tooling). */
  testPackages?: readonly string[];
}

/**
 * Composition roots: folders under `adapters/` that wire adapters together rather than
 * implement a port, and the published subpaths each may import by the package name.
 * Only `adapters/cli` (the `/cli` subpath: embedded defaults and the `video-conductor` CLI)
 * is one. They still never reach into another adapter's folder by a relative path.
 */
const compositionRoots: Readonly<Record<string, readonly string[]>> = {
  cli: ['./xai', './runway', './fs', './s3', './postgres', './local', './thumbnail', './mcp', './studio', './pg-boss'],
};

/**
 * Published subpaths every adapter may import by the package name: libraries for adapter
 * authors, not adapters (`/provider-kit` imports core by name and no adapter).
 */
const adapterKits: readonly string[] = ['./provider-kit'];

/** Packages the core may import at run time or for types. */
const corePackages = ['zod'];
/** Test runners that shipped adapter code must not import (only `adapters/contract` may import vitest). */
const testRunners = ['vitest', '@vitest/', 'jest', '@jest/', 'mocha', 'node:test', 'ava', 'tap', 'uvu'];

interface ImportReference {
  specifier: string;
  line: number;
}

/**
 * Checks the import rules on in-memory files and returns every offence (empty when all
 * rules hold). Files outside `src/` and `adapters/` are ignored; `*.test.ts` files are
 * ignored by the adapter rules (3–5) and by rule 2, since they are not shipped.
 */
export function scanImportRules(files: readonly ScannedFile[], options: ImportRuleOptions): ImportOffence[] {
  const offences: ImportOffence[] = [];
  for (const file of files) {
    if (!/\.[cm]?[jt]sx?$/.test(file.path)) continue;
    const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true, scriptKind(file.path));
    const report = (rule: ImportOffence['rule'], line: number, message: string) =>
      offences.push({ rule, file: file.path, line, message });
    const test = isTestFile(file.path);

    if (file.path.startsWith('src/')) {
      for (const { specifier, line } of importsOf(source)) {
        const problem = checkCoreImport(file.path, specifier, test ? options.testPackages ?? [] : [], options.packageName);
        if (problem) report(1, line, problem);
      }
      if (file.path.startsWith('src/ports/') && !test) {
        for (const { line, message } of runtimeStatementsOf(source)) report(2, line, message);
      }
    }

    const adapter = /^adapters\/([^/]+)\//.exec(file.path)?.[1];
    if (adapter !== undefined && !test) {
      for (const { specifier, line } of importsOf(source)) {
        const problem = checkAdapterImport(file.path, adapter, specifier, options);
        if (problem) report(problem.rule, line, problem.message);
      }
    }
  }
  return offences;
}

/** `file:line rule N: message`, one per line. */
export function formatOffences(offences: readonly ImportOffence[]): string {
  return offences.map((offence) => `${offence.file}:${offence.line} rule ${offence.rule}: ${offence.message}`).join('\n');
}

function isTestFile(file: string): boolean {
  return /\.(test|spec)\.[cm]?[jt]sx?$/.test(file);
}

function scriptKind(file: string): ts.ScriptKind {
  if (file.endsWith('x')) return ts.ScriptKind.TSX;
  return /\.[cm]?js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
}

function checkCoreImport(file: string, specifier: string, testPackages: readonly string[], packageName: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const target = resolveRelative(file, specifier);
    // The core may read its own data (presets/video-presets.json) but nothing else outside src/.
    if (target.startsWith('src/') || target.startsWith('presets/')) return undefined;
    const top = target.split('/')[0] ?? target;
    return `imports "${specifier}" (${top}/): src/ must not import adapters/, test/, examples/, bench/ or anything outside src/ and presets/`;
  }
  if (specifier.startsWith('node:')) return undefined;
  if (isBuiltin(specifier)) return `imports "${specifier}": write node built-ins as "node:${specifier}"`;
  const name = packageNameOf(specifier);
  if (corePackages.includes(name) || testPackages.includes(name)) return undefined;
  if (name === packageName) return `imports "${specifier}": the core must not import its own package (adapters do that)`;
  return `imports "${specifier}": the core may only depend on zod and node: built-ins`;
}

function checkAdapterImport(
  file: string,
  adapter: string,
  specifier: string,
  options: ImportRuleOptions,
): { rule: 3 | 4 | 5; message: string } | undefined {
  const folder = `adapters/${adapter}/`;
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const target = resolveRelative(file, specifier);
    if (target.startsWith(folder)) return undefined;
    const other = /^adapters\/([^/]+)(?:\/|$)/.exec(target)?.[1];
    if (other !== undefined) {
      return { rule: 4, message: `imports "${specifier}" from adapters/${other}/: adapters never import each other` };
    }
    return {
      rule: 3,
      message: `imports "${specifier}" (${target}), outside its own folder: import core as ${options.packageName}`,
    };
  }
  if (specifier === options.packageName) return undefined;
  if (specifier.startsWith(`${options.packageName}/`)) {
    const subpath = `.${specifier.slice(options.packageName.length)}`;
    if (!options.exportedSubpaths.includes(subpath)) {
      return { rule: 3, message: `imports "${specifier}", not a published subpath: import core only as ${options.packageName}` };
    }
    if (subpath.endsWith('.json')) return undefined;
    if (compositionRoots[adapter]?.includes(subpath)) return undefined;
    if (adapterKits.includes(subpath) && adapter !== subpath.slice(2)) return undefined;
    return { rule: 4, message: `imports the adapter subpath "${specifier}": adapters never import each other` };
  }
  const runner = testRunners.find((name) => (name.endsWith('/') ? specifier.startsWith(name) : packageNameOf(specifier) === name));
  if (runner !== undefined && !(adapter === 'contract' && packageNameOf(specifier) === 'vitest')) {
    return {
      rule: 5,
      message: `imports the test runner "${specifier}": shipped adapter code must not (only adapters/contract may import vitest)`,
    };
  }
  return undefined;
}

/** The repo-relative path a relative specifier points to (extension as written). */
function resolveRelative(file: string, specifier: string): string {
  return path.posix.normalize(specifier.startsWith('/') ? specifier.slice(1) : path.posix.join(path.posix.dirname(file), specifier));
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`; `node:fs` stays. */
function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/**
 * Every module a file refers to: static imports and re-exports (type-only too),
 * `import x = require()`, dynamic `import()`, `require()` and `import('x').T` types.
 */
function importsOf(source: ts.SourceFile): ImportReference[] {
  const found: ImportReference[] = [];
  const add = (node: ts.Node, literal: ts.Node | undefined) => {
    if (literal && ts.isStringLiteralLike(literal)) {
      found.push({ specifier: literal.text, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      add(node, node.moduleSpecifier);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) {
        add(node, node.arguments[0]);
      }
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Top-level statements of a ports file that would exist at run time. */
function runtimeStatementsOf(source: ts.SourceFile): { line: number; message: string }[] {
  const found: { line: number; message: string }[] = [];
  for (const statement of source.statements) {
    const problem = runtimeProblem(statement);
    if (problem) {
      found.push({ line: source.getLineAndCharacterOfPosition(statement.getStart(source)).line + 1, message: problem });
    }
  }
  return found;
}

function runtimeProblem(statement: ts.Statement): string | undefined {
  if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) return undefined;
  if (ts.isImportDeclaration(statement)) {
    return statement.importClause?.isTypeOnly ? undefined : 'ports hold types only: use `import type` (this import stays at run time)';
  }
  if (ts.isExportDeclaration(statement)) {
    if (statement.isTypeOnly) return undefined;
    const onlyLocalTypes =
      statement.moduleSpecifier === undefined &&
      statement.exportClause !== undefined &&
      ts.isNamedExports(statement.exportClause) &&
      statement.exportClause.elements.every((element) => element.isTypeOnly);
    return onlyLocalTypes ? undefined : 'ports hold types only: use `export type` (this export stays at run time)';
  }
  const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) ?? [] : [];
  if (modifiers.some((modifier) => modifier.kind === ts.SyntaxKind.DeclareKeyword)) return undefined;
  const exported = modifiers.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) ? 'export ' : '';
  if (ts.isVariableStatement(statement)) {
    const keyword = statement.declarationList.flags & ts.NodeFlags.Const ? 'const' : statement.declarationList.flags & ts.NodeFlags.Let ? 'let' : 'var';
    return `ports hold types only: found \`${exported}${keyword}\``;
  }
  if (ts.isFunctionDeclaration(statement)) return `ports hold types only: found \`${exported}function\``;
  if (ts.isClassDeclaration(statement)) return `ports hold types only: found \`${exported}class\``;
  if (ts.isEnumDeclaration(statement)) return `ports hold types only: found \`${exported}enum\` (use a union of string literals)`;
  if (ts.isExportAssignment(statement)) return 'ports hold types only: found `export default` / `export =`';
  return `ports hold types only: found a runtime statement (${ts.SyntaxKind[statement.kind]})`;
}
