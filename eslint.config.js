// SPDX-License-Identifier: UNLICENSED
// Flat config: typescript-eslint's recommended rules (not type-aware, to stay fast) plus the import
// rules of scripts/layering-rules.json, which test/layering.test.ts enforces as well.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layering = JSON.parse(readFileSync(join(import.meta.dirname, 'scripts', 'layering-rules.json'), 'utf8'));

/** Folders and files where the console may be used: the CLI prints its results. */
const CONSOLE_ALLOWED = ['agent/cli/'];

const isUnder = (file, paths) => paths.some((p) => (p.endsWith('/') ? file.startsWith(p) : file === p));
const escapeRegex = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const filesOf = (p) => (p.endsWith('/') ? [`${p}**/*.{ts,mts,cts,js,mjs}`] : [p]);

/** Matches a bare specifier naming one of `modules` (or a subpath of one). */
function moduleRegex(modules) {
  const names = modules.map((m) => (m.endsWith('/*') ? `${escapeRegex(m.slice(0, -1))}[^/]+` : escapeRegex(m)));
  return `^(?:${names.join('|')})(?:/|$)`;
}

/**
 * The rules for a file at `probe`. Relative imports are matched by text (`../../web/…`), which is
 * close enough for lint; the layering test resolves paths exactly.
 */
function restrictionsFor(probe) {
  const patterns = [];
  const dynamic = [];
  for (const layer of layering.layers) {
    if (!isUnder(probe, layer.in) || isUnder(probe, layer.except ?? [])) continue;
    for (const target of layer.forbid) {
      patterns.push({ regex: `^(?:\\.\\./)+${escapeRegex(target.replace(/\/$/, ''))}(?:/|$)`, message: layer.reason });
    }
  }
  for (const lib of layering.libraries) {
    const regex = moduleRegex(lib.modules);
    if (!isUnder(probe, lib.only)) {
      patterns.push({ regex, message: lib.reason });
      // esquery regex literals cannot contain '/', so spell it as an escape.
      dynamic.push({ selector: `ImportExpression[source.value=/${regex.replaceAll('/', '\\u002F')}/]`, message: lib.reason });
    } else if (lib.lazy) {
      patterns.push({ regex, allowTypeImports: true, message: `${lib.reason}: load it with await import()` });
    }
  }
  return {
    '@typescript-eslint/no-restricted-imports': ['error', { patterns }],
    'no-restricted-syntax': dynamic.length > 0 ? ['error', ...dynamic] : 'off',
  };
}

// Flat config replaces a rule's options wholesale, so give every region its complete rule set and
// list regions from general to specific (agent/ before agent/store/sqlite/).
const regions = [
  ...new Set([
    ...layering.roots,
    ...layering.layers.flatMap((l) => [...l.in, ...(l.except ?? [])]),
    ...layering.libraries.flatMap((l) => l.only),
  ]),
]
  .filter((p) => isUnder(p, layering.roots))
  .sort((a, b) => a.length - b.length);

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.demo/', 'test-artifacts/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  ...regions.map((p) => ({ files: filesOf(p), rules: restrictionsFor(p.endsWith('/') ? `${p}x.ts` : p) })),
  { files: layering.roots.flatMap(filesOf), rules: { 'no-console': 'error' } },
  { files: CONSOLE_ALLOWED.flatMap(filesOf), rules: { 'no-console': 'off' } },
);
