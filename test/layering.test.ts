// SPDX-License-Identifier: UNLICENSED
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, test } from 'vitest';
import { checkLayering, type LayeringRules } from './support/check-layering.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const rules = JSON.parse(fs.readFileSync(path.join(repoRoot, 'scripts', 'layering-rules.json'), 'utf8')) as LayeringRules;

function listTsFiles(dir: string): string[] {
  if (!fs.existsSync(path.join(repoRoot, dir))) return [];
  return fs
    .readdirSync(path.join(repoRoot, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.posix.join(dir, f.split(path.sep).join('/')));
}

/** [file, source, number of violations expected] */
const cases: Array<[string, string, number]> = [
  ['drivers/protocol/oath.ts', "import { MfaError } from '../../agent/errors.js';", 1],
  ['drivers/protocol/oath.ts', "import type { Store } from '../../agent/store/store.js';", 1],
  ['drivers/protocol/oath.ts', "export * from '../../web/app.js';", 1],
  ['drivers/protocol/oath.ts', "import { tlv } from '../core/tlv.js';", 0],
  ['drivers/protocol/oath.ts', "const hid = await import('node-hid');", 1],
  ['drivers/protocol/oath.ts', "const sp = require('serialport');", 1],
  ['drivers/backends/pcsc.ts', "import { NFC } from 'nfc-pcsc';", 1],
  ['drivers/backends/pcsc.ts', "import type { Reader } from 'nfc-pcsc';", 0],
  ['drivers/backends/pcsc.ts', "const { NFC } = await import('nfc-pcsc');", 0],
  ['drivers/backends/serial.ts', "import { SerialPort } from '@serialport/stream';", 1],
  ['drivers/backends/serial.ts', 'const m = await import(name);', 1],
  ['agent/otp/verify.ts', "import express from 'express';", 1],
  ['agent/otp/verify.ts', "import type { Request } from 'express';", 1],
  ['agent/otp/verify.ts', "import { createWebApp } from '../../web/app.js';", 1],
  ['agent/otp/verify.ts', "import { createPcscBackend } from '../../drivers/backends/pcsc.js';", 1],
  ['agent/otp/verify.ts', "import { DeviceManager } from '../../drivers/device-manager.js';", 0],
  ['agent/otp/verify.ts', "// import express from 'express';\nconst s = \"import 'zod'\";", 0],
  ['agent/main.ts', "import { createWebApp } from '../web/app.js';", 0],
  ['agent/cli/serve.ts', "import { createWebApp } from '../../web/app.js';", 0],
  ['agent/store/sqlite/open-sqlite-store.ts', "import Database from 'better-sqlite3';", 0],
  ['agent/vault/envelope.ts', "import Database from 'better-sqlite3';", 1],
  ['agent/vault/envelope.ts', "import { createHash } from 'node:crypto';", 0],
  ['agent/config/schema.ts', "import { z } from 'zod';\nimport YAML from 'yaml';", 0],
  ['agent/vault/envelope.ts', "import { z } from 'zod';", 1],
  ['web/routes/sign-in.ts', "import { z } from 'zod';", 1],
  ['agent/log/pino-logger.ts', "import pino from 'pino';", 0],
  ['agent/audit/audit-log.ts', "import pino from 'pino';", 1],
  ['agent/ops/metrics.ts', "import client from 'prom-client';", 0],
  ['web/routes/metrics.ts', "import client from 'prom-client';", 0],
  ['agent/otp/verify.ts', "const c = await import('prom-client');", 1],
  ['agent/tls/self-signed.ts', "import * as x509 from '@peculiar/x509';", 0],
  ['agent/cli/init.ts', "import * as x509 from '@peculiar/x509';", 1],
  ['web/routes/helpdesk.ts', "import { DeviceManager } from '../../drivers/device-manager.js';", 1],
  ['web/app.ts', "import { openSqliteStore } from '../agent/store/sqlite/open-sqlite-store.js';", 1],
  ['web/app.ts', "import type { Store } from '../agent/store/store.js';", 0],
  ['test/agent/store/sqlite.test.ts', "import Database from 'better-sqlite3';", 0],
  ['scripts/gen-config-doc.ts', "import express from 'express';", 0],
];

describe('checkLayering', () => {
  test.each(cases)('%s: %s → %i violation(s)', (file, source, expected) => {
    expect(checkLayering(file, source, rules)).toHaveLength(expected);
  });

  test('reports the file, line and specifier of a violation', () => {
    const source = "import { join } from 'node:path';\n\nimport { MfaError } from '../../agent/errors.js';\n";
    expect(checkLayering('drivers/core/errors.ts', source, rules)).toEqual([
      {
        file: 'drivers/core/errors.ts',
        line: 3,
        specifier: '../../agent/errors.js',
        reason: expect.stringContaining('drivers/'),
      },
    ]);
  });
});

describe('the repository', () => {
  const files = rules.roots.flatMap((root) => listTsFiles(root));

  test('has source files to check', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(files).toContain('agent/errors.ts');
  });

  test('follows scripts/layering-rules.json in every file under agent/, drivers/ and web/', () => {
    const violations = files.flatMap((file) =>
      checkLayering(file, fs.readFileSync(path.join(repoRoot, file), 'utf8'), rules),
    );
    expect(violations).toEqual([]);
  });
});

describe('eslint.config.js', () => {
  // The lint rules are generated from the same JSON; check they catch what the checker catches
  // (except require() and computed imports, which only the checker sees).
  const eslint = new ESLint({ cwd: repoRoot });
  const lintable = cases.filter(([, source]) => !source.includes('require(') && !source.includes('import(name)'));

  test.each(lintable)('%s: %s → %i layering error(s)', async (file, source, expected) => {
    const [result] = await eslint.lintText(`${source}\nexport {};\n`, { filePath: path.join(repoRoot, file) });
    const layeringErrors = (result?.messages ?? []).filter(
      (m) => m.ruleId === '@typescript-eslint/no-restricted-imports' || m.ruleId === 'no-restricted-syntax',
    );
    expect(layeringErrors).toHaveLength(expected);
  });
});
