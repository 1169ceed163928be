// SPDX-License-Identifier: UNLICENSED
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { AUDIT_EVENTS } from '../../../agent/audit/audit-events.js';
import { renderAuditEventsDoc } from '../../../agent/audit/render-audit-events-doc.js';

const DOC_URL = new URL('../../../docs/audit-events.md', import.meta.url);

describe('renderAuditEventsDoc', () => {
  const doc = renderAuditEventsDoc();

  test('docs/audit-events.md is up to date (regenerate: node dist/scripts/gen-audit-doc.js)', () => {
    expect(readFileSync(DOC_URL, 'utf8')).toBe(doc);
  });

  test('has exactly one table, with one row per event in catalogue order', () => {
    const lines = doc.split('\n');
    const headers = lines.filter((l) => l.startsWith('| event |'));
    expect(headers).toEqual(['| event | written by | outcomes | details fields |']);
    const rows = lines.filter((l) => l.startsWith('| `'));
    expect(rows.map((r) => /^\| `([^`]+)`/.exec(r)?.[1])).toEqual(Object.keys(AUDIT_EVENTS));
    for (const r of rows) expect(r.replaceAll('\\|', '').split('|')).toHaveLength(6);
  });

  test('documents each field, safe key and outcome of an event in its row', () => {
    const row = doc.split('\n').find((l) => l.startsWith('| `api_client.authenticated`'));
    expect(row).toContain('agent/directory (called by web/routes/api)');
    expect(row).toContain('`success`, `failure`, `denied`');
    expect(row).toContain('`keyId` (kept verbatim): public key id as presented');
    expect(row).toContain('`clientId`: id of the client, when known');
  });

  test('explains record fields, actor and source formats, the hash layout and the verifier', () => {
    for (const s of ['`staff:<upn>`', '`cli:<os user>`', '`system`', '"mfa-audit:v1\\n"',
      'canonicalJson([seq, ts, event, actor, subject, source, outcome, details])', 'mfa-appliance doctor',
      '`seq_gap`', '`first_not_genesis`', '`prev_hash_mismatch`', '`hash_mismatch`', '64 zeros']) {
      expect(doc).toContain(s);
    }
  });
});
