// SPDX-License-Identifier: UNLICENSED
import path from 'node:path';
import ts from 'typescript';

/** The shape of scripts/layering-rules.json. Paths are repository-relative; a trailing `/` marks a folder. */
export interface LayeringRules {
  roots: string[];
  layers: Array<{ in: string[]; except?: string[]; forbid: string[]; reason: string }>;
  libraries: Array<{ modules: string[]; only: string[]; lazy?: boolean; reason: string }>;
}

export interface LayeringViolation {
  file: string;
  line: number;
  specifier: string;
  reason: string;
}

type ImportKind = 'static' | 'type' | 'dynamic';

interface ImportSite {
  /** null for a dynamic import or require whose specifier is computed. */
  specifier: string | null;
  kind: ImportKind;
  line: number;
}

function isUnder(file: string, paths: readonly string[]): boolean {
  return paths.some((p) => (p.endsWith('/') ? file.startsWith(p) || file === p.slice(0, -1) : file === p));
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function matchesModule(name: string, modules: readonly string[]): boolean {
  return modules.some((m) => (m.endsWith('/*') ? name.startsWith(m.slice(0, -1)) : name === m));
}

function literalText(node: ts.Node | undefined): string | null {
  return node !== undefined && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : null;
}

/** Every module reference in the source: import/export declarations, import types, import() and require(). */
function findImports(file: string, source: string): ImportSite[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const sites: ImportSite[] = [];
  const add = (node: ts.Node, specifier: string | null, kind: ImportKind): void => {
    sites.push({ specifier, kind, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      add(node, literalText(node.moduleSpecifier), node.importClause?.isTypeOnly ? 'type' : 'static');
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined) {
      add(node, literalText(node.moduleSpecifier), node.isTypeOnly ? 'type' : 'static');
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, literalText(node.moduleReference.expression), node.isTypeOnly ? 'type' : 'static');
    } else if (ts.isImportTypeNode(node)) {
      const arg = node.argument;
      add(node, ts.isLiteralTypeNode(arg) ? literalText(arg.literal) : null, 'type');
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
      if (isImport || isRequire) add(node, literalText(node.arguments[0]), isImport ? 'dynamic' : 'static');
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return sites;
}

/**
 * Checks one source file against the rules. `file` is repository-relative with `/` separators
 * (`drivers/protocol/oath.ts`). Files outside `rules.roots` are never in violation.
 * Type-only imports count like value imports, except that a `lazy` library may be imported
 * for its types in its own folder, where its code may only be loaded with `await import()`.
 */
export function checkLayering(file: string, source: string, rules: LayeringRules): LayeringViolation[] {
  if (!isUnder(file, rules.roots)) return [];
  const violations: LayeringViolation[] = [];
  for (const site of findImports(file, source)) {
    const { specifier, line } = site;
    if (specifier === null) {
      if (site.kind !== 'type') {
        violations.push({ file, line, specifier: '(computed)', reason: 'a computed import() or require() cannot be checked' });
      }
      continue;
    }
    const fail = (reason: string): void => {
      violations.push({ file, line, specifier, reason });
    };
    if (specifier.startsWith('.')) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
      for (const layer of rules.layers) {
        if (!isUnder(file, layer.in) || isUnder(file, layer.except ?? [])) continue;
        if (isUnder(target, layer.forbid)) fail(layer.reason);
      }
      continue;
    }
    if (specifier.startsWith('node:')) continue;
    const name = packageName(specifier);
    for (const lib of rules.libraries) {
      if (!matchesModule(name, lib.modules)) continue;
      if (!isUnder(file, lib.only)) fail(lib.reason);
      else if (lib.lazy === true && site.kind === 'static') fail(`${lib.reason}: use await import('${specifier}')`);
    }
  }
  return violations;
}
