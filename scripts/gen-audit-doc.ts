// SPDX-License-Identifier: UNLICENSED
/**
 * Regenerates docs/audit-events.md from the audit event catalogue. Run from the repository root after
 * a build: `node dist/scripts/gen-audit-doc.js [output path]`.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderAuditEventsDoc } from '../agent/audit/render-audit-events-doc.js';

const target = resolve(process.argv[2] ?? 'docs/audit-events.md');
writeFileSync(target, renderAuditEventsDoc());
process.stdout.write(`wrote ${target}\n`);
