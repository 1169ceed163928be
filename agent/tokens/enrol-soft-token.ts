// SPDX-License-Identifier: UNLICENSED
import type { Actor } from '../actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import { buildOtpauthUri } from '../otp/build-otpauth-uri.js';
import { renderQrPng, renderQrSvg } from '../otp/render-qr.js';
import { SEED_PURPOSE } from '../otp/seed-purpose.js';
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';
import type { Store, TokenRecord, UserRecord } from '../store/store.js';
import type { Vault } from '../vault/vault.js';
import { tokenView, type TokenView } from './token-view.js';

/**
 * What the user scans, shown once. `uri`, `qrPng` and `qrSvg` carry the seed: render them to the
 * enrolling user and drop them; they are never stored, logged or audited.
 */
export interface SoftTokenEnrolment {
  token: TokenView;
  uri: string;
  qrPng: Buffer;
  qrSvg: string;
}

export interface EnrolSoftTokenDeps {
  store: Store;
  vault: Vault;
  audit: AuditLog;
  clock: Clock;
  random: Random;
  issuer: string;
}

/**
 * Enrols an authenticator app for `user`: a 20-byte random seed (RFC 4226 R6 recommends 160 bits), TOTP
 * SHA-1, 6 digits, 30 s — the parameters every app honours. The token stays `pending`, unable to sign
 * in, until its first code is confirmed (`confirmEnrolment`).
 */
export async function enrolSoftToken(deps: EnrolSoftTokenDeps, user: UserRecord, actor: Actor): Promise<SoftTokenEnrolment> {
  const { store, vault, audit, clock, random, issuer } = deps;
  const secret = random.bytes(20);
  const now = clock.now();
  const seed = vault.sealRecord(SEED_PURPOSE, secret);
  const token: TokenRecord = {
    id: random.uuid(), serial: `SOFT-${random.bytes(5).toString('hex').toUpperCase()}`, kind: 'software_totp',
    manufacturer: '', model: 'authenticator app', firmware: null, algorithm: 'SHA1', digits: 6, period: 30,
    userId: user.id, state: 'pending', seedSecretId: seed.id, lastCounter: -1, drift: 0, origin: 'enrol',
    createdAt: now, updatedAt: now, lastUsedAt: null,
  };
  try {
    const uri = buildOtpauthUri({ type: 'totp', issuer, account: user.upn, secret, algorithm: 'SHA1', digits: 6, period: 30 });
    const [qrPng, qrSvg] = await Promise.all([renderQrPng(uri), renderQrSvg(uri)]);
    await store.tokens.create(token, seed);
    await audit.record({
      event: 'token.enrolled', actor: actor.id, source: actor.source, subject: user.upn, outcome: 'success',
      details: { tokenId: token.id, serial: token.serial, algorithm: 'SHA1', digits: 6, period: 30 },
    });
    return { token: tokenView(token, user.upn), uri, qrPng, qrSvg };
  } finally {
    secret.fill(0);
  }
}
