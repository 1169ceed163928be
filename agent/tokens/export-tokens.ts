// SPDX-License-Identifier: UNLICENSED
import type { Actor } from '../actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import { formatEntraCsv } from '../otp/export/format-entra-csv.js';
import { formatGraphHardwareOathBatch } from '../otp/export/format-graph-hardware-oath.js';
import { SEED_PURPOSE } from '../otp/seed-purpose.js';
import type { Store, TokenRecord } from '../store/store.js';
import type { Vault } from '../vault/vault.js';

export type ExportFormat = 'entra-csv' | 'graph-json';

export interface ExportTokensDeps {
  store: Store;
  vault: Vault;
  audit: AuditLog;
}

/**
 * Renders tokens with their seeds for Entra (the OATH CSV upload, or the Graph `hardwareOathDevices`
 * body). The caller passes only tokens with a seed. The caller has already checked that an admin asked
 * with the explicit acknowledgement; this records `token.exported` before returning the text.
 */
export async function exportTokens(deps: ExportTokensDeps, tokens: TokenRecord[], format: ExportFormat, target: string, actor: Actor): Promise<string> {
  const { store, vault, audit } = deps;
  const rows = [];
  const secrets: Buffer[] = [];
  try {
    for (const t of tokens) {
      if (t.seedSecretId === null) throw new Error(`token ${t.serial} has no seed`);
      const secret = await vault.open(t.seedSecretId, SEED_PURPOSE);
      secrets.push(secret);
      const upn = t.userId ? (await store.users.getById(t.userId))?.upn : undefined;
      rows.push({
        serial: t.serial, manufacturer: t.manufacturer, model: t.model, ...(upn ? { upn } : {}), secret,
        type: t.kind === 'hardware_hotp' ? ('hotp' as const) : ('totp' as const),
        algorithm: t.algorithm, digits: t.digits, period: t.period,
      });
    }
    const text = format === 'entra-csv'
      ? formatEntraCsv(rows)
      : `${JSON.stringify(formatGraphHardwareOathBatch(rows.map((token) => ({ token }))), null, 2)}\n`;
    await audit.record({
      event: 'token.exported', actor: actor.id, source: actor.source, subject: target, outcome: 'success',
      details: { format, count: rows.length, serials: rows.map((r) => r.serial) },
    });
    return text;
  } finally {
    for (const s of secrets) s.fill(0);
  }
}
