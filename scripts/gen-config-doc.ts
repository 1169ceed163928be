// SPDX-License-Identifier: UNLICENSED
/**
 * Writes docs/config.md from the config schema. Run from the repository root:
 *   npm run build && node dist/scripts/gen-config-doc.js [OUTPUT]
 * OUTPUT defaults to docs/config.md (relative to the working directory).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { renderConfigDoc } from '../agent/config/render-config-doc.js';

const target = resolve(process.argv[2] ?? 'docs/config.md');
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, renderConfigDoc());
process.stdout.write(`wrote ${target}\n`);
