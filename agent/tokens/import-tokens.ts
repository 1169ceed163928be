// SPDX-License-Identifier: UNLICENSED
import type { Actor } from '../actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import { MfaError } from '../errors.js';
import type { ImportedToken } from '../otp/import/imported-token.js';
import { SEED_PURPOSE } from '../otp/seed-purpose.js';
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';
import type { SealedSecretRecord, Store, TokenRecord } from '../store/store.js';
import type { Vault } from '../vault/vault.js';

export type ImportFormat = 'pskc' | 'entra-csv' | 'oath-csv';

export interface ImportTokensInput {
  tokens: ImportedToken[];
  format: ImportFormat;
  /** Shown in the audit record (a file name). */
  origin: string;
  /** Assign tokens whose record names a UPN to that user (activating them). Unknown UPNs fail the import. */
  assign: boolean;
  actor: Actor;
}

export interface ImportTokensDeps {
  /** `otp.maxDriftSteps`: a record's TOTP drift beyond it fails the import. */
  maxDriftSteps: number;
  store: Store;
  vault: Vault;
  audit: AuditLog;
  clock: Clock;
  random: Random;
}

const where = (t: ImportedToken): string => (t.source.kind === 'pskc' ? `KeyPackage ${t.source.keyPackage}` : `line ${t.source.line}`);

/**
 * Imports parsed seed records as one transaction: every token and sealed seed is stored, or none.
 * Rules: each token needs a serial (PSKC `Key@Id` stands in when `SerialNo` is absent); serials are unique
 * within the file and against the inventory; with `assign`, a named UPN must exist and the token becomes
 * `active` for that user; otherwise tokens go `in_stock`. Seeds are sealed in memory; every secret
 * passed in is zeroed before this returns or throws.
 */
export async function importTokens(deps: ImportTokensDeps, input: ImportTokensInput): Promise<TokenRecord[]> {
  try {
    return await importAll(deps, input);
  } finally {
    for (const t of input.tokens) t.secret.fill(0);
  }
}

async function importAll(deps: ImportTokensDeps, input: ImportTokensInput): Promise<TokenRecord[]> {
  const { store, vault, audit, clock, random } = deps;
  const seen = new Set<string>();
  const plan: Array<{ t: ImportedToken; serial: string; userId: string | null }> = [];
  for (const t of input.tokens) {
    const serial = (t.serial || t.keyId || '').trim();
    if (!serial) throw new MfaError('ERR_IMPORT_FORMAT', `${where(t)}: the token has no serial number`, { data: { at: where(t) } });
    if (t.type === 'totp' && Math.abs(t.timeDrift) > deps.maxDriftSteps) {
      throw new MfaError('ERR_IMPORT_FORMAT', `${where(t)}: TimeDrift ${t.timeDrift} is beyond otp.maxDriftSteps (${deps.maxDriftSteps}); import without it and resync the token`, { data: { at: where(t), timeDrift: t.timeDrift } });
    }
    if (seen.has(serial.toLowerCase())) {
      throw new MfaError('ERR_ALREADY_EXISTS', `${where(t)}: serial ${serial} appears twice in the file`, { data: { entity: 'token', field: 'serial', serial } });
    }
    seen.add(serial.toLowerCase());
    if (await store.tokens.getBySerial(serial)) {
      throw new MfaError('ERR_ALREADY_EXISTS', `${where(t)}: a token with serial ${serial} is already in the inventory`, { data: { entity: 'token', field: 'serial', serial } });
    }
    let userId: string | null = null;
    if (input.assign && t.upn) {
      const user = await store.users.getByUpn(t.upn);
      if (!user) throw new MfaError('ERR_NOT_FOUND', `${where(t)}: no user ${t.upn} (create the user first, or import without assigning)`, { data: { upn: t.upn, at: where(t) } });
      userId = user.id;
    }
    plan.push({ t, serial, userId });
  }
  const now = clock.now();
  const items: Array<{ token: TokenRecord; seed: SealedSecretRecord }> = plan.map(({ t, serial, userId }) => {
    const seed = vault.sealRecord(SEED_PURPOSE, t.secret);
    return {
      seed,
      token: {
        id: random.uuid(), serial, kind: t.type === 'hotp' ? 'hardware_hotp' : 'hardware_totp',
        manufacturer: t.manufacturer, model: t.model, firmware: null,
        algorithm: t.algorithm, digits: t.digits, period: t.period ?? 30,
        userId, state: userId ? 'active' : 'in_stock', seedSecretId: seed.id,
        lastCounter: t.type === 'hotp' ? (t.counter ?? 0) - 1 : -1, drift: t.type === 'hotp' ? 0 : t.timeDrift,
        origin: 'import', createdAt: now, updatedAt: now, lastUsedAt: null,
      },
    };
  });
  await store.tokens.createMany(items);
  await audit.record({
    event: 'token.imported', actor: input.actor.id, source: input.actor.source, subject: input.origin, outcome: 'success',
    details: { format: input.format, count: items.length, serials: items.map((i) => i.token.serial), assigned: items.filter((i) => i.token.userId).length },
  });
  return items.map((i) => i.token);
}
