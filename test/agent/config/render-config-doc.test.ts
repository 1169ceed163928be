// SPDX-License-Identifier: UNLICENSED
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { describeConfig } from '../../../agent/config/describe-config.js';
import { REGENERATE_CONFIG_DOC, renderConfigDoc } from '../../../agent/config/render-config-doc.js';

const docFile = fileURLToPath(new URL('../../../docs/config.md', import.meta.url));

describe('renderConfigDoc', () => {
  test('docs/config.md is up to date with the schema', () => {
    const stale = `docs/config.md is stale or missing; regenerate it from the repository root with: ${REGENERATE_CONFIG_DOC}`;
    expect(existsSync(docFile), stale).toBe(true);
    expect(readFileSync(docFile, 'utf8'), stale).toBe(renderConfigDoc());
  });

  test('documents every key with its type, default and environment variable', () => {
    const doc = renderConfigDoc();
    for (const row of describeConfig()) {
      expect(doc).toContain(`#### \`${row.path}\``);
      expect(doc).toContain(`- Environment: \`${row.envVar}\``);
      expect(doc).toContain(`- Default: \`${JSON.stringify(row.default)}\``);
    }
    expect(doc).toContain(REGENERATE_CONFIG_DOC);
  });
});
