// SPDX-License-Identifier: UNLICENSED
import { describe, expect, it } from 'vitest';
import { MfaError } from '../../../agent/errors.js';
import { hotp } from '../../../agent/otp/hotp.js';
import type { ImportedToken } from '../../../agent/otp/import/imported-token.js';
import { useTestServices } from '../../helpers/open-test-services.js';

const open = useTestServices();
const admin = { id: 'staff:helpdesk@contoso.com', source: '10.1.1.1' };
const T0 = Date.UTC(2026, 11, 1, 12, 0, 0);

const imported = (n: number, over: Partial<ImportedToken> = {}): ImportedToken => ({
  source: { kind: 'csv', line: n + 1 }, serial: `S${n}`, manufacturer: 'Token2', model: 'miniOTP-2', type: 'totp', algorithm: 'SHA1',
  digits: 6, period: 30, timeDrift: 0, secret: Buffer.alloc(20, n), ...over,
});

async function setup() {
  const t = await open('', T0);
  await t.services.directory.users.add({ upn: 'alice@contoso.com', displayName: 'Alice' }, admin);
  await t.services.directory.users.add({ upn: 'bob@contoso.com', displayName: 'Bob' }, admin);
  return t;
}

const err = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as MfaError);

describe('createTokenDirectory', () => {
  it('an import is all or nothing: a serial already in the inventory or an unknown UPN stores nothing', async () => {
    const t = await setup();
    await t.services.tokens.import({ tokens: [imported(1)], format: 'oath-csv', origin: 'a.csv', assign: true }, admin);
    const dup = await err(t.services.tokens.import({ tokens: [imported(2), imported(1, { serial: 's1' })], format: 'oath-csv', origin: 'b.csv', assign: true }, admin));
    expect(dup).toMatchObject({ code: 'ERR_ALREADY_EXISTS', data: { serial: 's1' } });
    const ghost = await err(t.services.tokens.import({ tokens: [imported(3), imported(4, { upn: 'ghost@contoso.com' })], format: 'oath-csv', origin: 'c.csv', assign: true }, admin));
    expect(ghost).toMatchObject({ code: 'ERR_NOT_FOUND', message: expect.stringContaining('line 5') as unknown });
    expect((await t.services.tokens.list()).map((x) => x.serial)).toEqual(['S1']);
    expect(await t.services.store.secrets.countByKid()).toEqual({ [t.services.vault.activeKid]: 1 });
  });

  it('assigns a stock token (active at once), refuses to steal an assigned one, and unassigns back to stock', async () => {
    const t = await setup();
    await t.services.tokens.import({ tokens: [imported(1)], format: 'oath-csv', origin: 'a.csv', assign: true }, admin);
    expect(await t.services.tokens.assign('S1', 'alice@contoso.com', admin)).toMatchObject({ state: 'active', upn: 'alice@contoso.com' });
    expect(await err(t.services.tokens.assign('S1', 'bob@contoso.com', admin))).toMatchObject({ code: 'ERR_TOKEN_STATE', data: { state: 'active' } });
    expect(await t.services.tokens.change('S1', 'unassign', 'left the team', admin)).toMatchObject({ state: 'in_stock', upn: null });
    const [rec] = await t.services.store.audit.recent(1, { event: 'token.state_changed' });
    expect(rec).toMatchObject({ actor: admin.id, subject: 'S1', details: { from: 'active', to: 'in_stock', reason: 'left the team' } });
  });

  it('revoking destroys the seed for good; a revoked token cannot be reinstated or assigned', async () => {
    const t = await setup();
    await t.services.tokens.import({ tokens: [imported(1, { upn: 'alice@contoso.com' })], format: 'oath-csv', origin: 'a.csv', assign: true }, admin);
    const before = await t.services.store.tokens.getBySerial('S1');
    await t.services.tokens.change('S1', 'revoke', 'lost', admin);
    expect(await t.services.store.secrets.get(before?.seedSecretId ?? '')).toBeNull();
    expect(await err(t.services.tokens.change('S1', 'reinstate', '', admin))).toMatchObject({ code: 'ERR_TOKEN_STATE' });
    expect(await err(t.services.tokens.assign('S1', 'bob@contoso.com', admin))).toMatchObject({ code: 'ERR_TOKEN_STATE' });
  });

  it('never returns or audits a seed: views carry no seed id, the audit log holds no seed bytes', async () => {
    const t = await setup();
    const secret = Buffer.from('a-very-recognisable-seed-value!!');
    await t.services.tokens.import({ tokens: [imported(1, { secret: Buffer.from(secret), upn: 'alice@contoso.com' })], format: 'oath-csv', origin: 'a.csv', assign: true }, admin);
    await t.services.tokens.verify('S1', hotp(secret, Math.floor(T0 / 30_000), 6, 'SHA1'), admin);
    const views = JSON.stringify([await t.services.tokens.show('S1'), await t.services.tokens.list()]);
    expect(views).not.toContain('seedSecretId');
    const audit = JSON.stringify(await t.services.store.audit.recent(100));
    for (const form of [secret.toString('hex'), secret.toString('base64'), secret.toString('latin1')]) {
      expect(views).not.toContain(form);
      expect(audit).not.toContain(form);
    }
  });

  it('resync refuses when both codes were already used, and counts against the lockout', async () => {
    const t = await setup();
    const secret = Buffer.alloc(20, 7);
    await t.services.tokens.import({ tokens: [imported(1, { secret: Buffer.from(secret), upn: 'alice@contoso.com' })], format: 'oath-csv', origin: 'a.csv', assign: true }, admin);
    const step = Math.floor(T0 / 30_000);
    const c = (s: number) => hotp(secret, s, 6, 'SHA1');
    expect(await t.services.tokens.resync('S1', c(step + 5), c(step + 6), admin)).toEqual({ ok: true, counter: step + 6, drift: 6 });
    expect(await t.services.tokens.resync('S1', c(step + 5), c(step + 6), admin)).toEqual({ ok: false, reason: 'replayed' });
    expect(await t.services.tokens.resync('S1', c(step + 7), c(step + 9), admin)).toEqual({ ok: false, reason: 'wrong_code' });
    const user = await t.services.directory.users.get('alice@contoso.com');
    expect((await t.services.lockout.status(user.id))[0]?.failures).toBe(2);
  });

  it('an authenticator app is never handed on: unassign and assign refuse it, revoke is the way out', async () => {
    const t = await setup();
    const e = await t.services.tokens.enrolSoftToken('alice@contoso.com', admin);
    expect(await err(t.services.tokens.change(e.token.serial, 'unassign', '', admin))).toMatchObject({ code: 'ERR_TOKEN_STATE' });
    expect(await err(t.services.tokens.assign(e.token.serial, 'bob@contoso.com', admin))).toMatchObject({ code: 'ERR_TOKEN_STATE' });
    expect(await t.services.tokens.change(e.token.serial, 'revoke', 'new phone', admin)).toMatchObject({ state: 'revoked', upn: 'alice@contoso.com' });
  });

  it('exports only active hardware tokens: a lost one is refused by name and left out of "all"', async () => {
    const t = await setup();
    await t.services.tokens.import({ tokens: [imported(1, { upn: 'alice@contoso.com' }), imported(2, { upn: 'bob@contoso.com' })], format: 'oath-csv', origin: 'a.csv', assign: true }, admin);
    await t.services.tokens.change('S2', 'lost', 'left on the bus', admin);
    expect(await err(t.services.tokens.export(['S2'], 'entra-csv', 'out.csv', admin))).toMatchObject({ code: 'ERR_TOKEN_STATE', data: { refused: ['S2 (lost)'] } });
    const csv = await t.services.tokens.export('all', 'entra-csv', 'out.csv', admin);
    expect(csv.split('\r\n').filter(Boolean).map((l) => l.split(',')[1])).toEqual(['serial number', 'S1']);
  });

  it('a resync beyond otp.maxDriftSteps is refused (the verifier would not follow it); so is an import beyond it', async () => {
    const t = await open('otp: { maxDriftSteps: 4 }', T0);
    await t.services.directory.users.add({ upn: 'alice@contoso.com', displayName: 'Alice' }, admin);
    const secret = Buffer.alloc(20, 9);
    await t.services.tokens.import({ tokens: [imported(1, { secret: Buffer.from(secret), upn: 'alice@contoso.com' })], format: 'oath-csv', origin: 'a.csv', assign: true }, admin);
    const step = Math.floor(T0 / 30_000);
    const c = (s: number) => hotp(secret, s, 6, 'SHA1');
    expect(await t.services.tokens.resync('S1', c(step + 8), c(step + 9), admin)).toEqual({ ok: false, reason: 'drift_too_large' });
    expect(await t.services.tokens.resync('S1', c(step + 2), c(step + 3), admin)).toEqual({ ok: true, counter: step + 3, drift: 3 });
    const far = await err(t.services.tokens.import({ tokens: [imported(2, { timeDrift: 5 })], format: 'pskc', origin: 'b.pskc', assign: false }, admin));
    expect(far).toMatchObject({ code: 'ERR_IMPORT_FORMAT', data: { timeDrift: 5 } });
  });

  it('a token without a user cannot be checked or resynchronised: no lockout would count the guesses', async () => {
    const t = await setup();
    const secret = Buffer.alloc(20, 3);
    await t.services.tokens.import({ tokens: [imported(1, { secret: Buffer.from(secret) })], format: 'oath-csv', origin: 'a.csv', assign: false }, admin);
    const token = await t.services.store.tokens.getBySerial('S1');
    if (!token) throw new Error('imported token missing');
    const code = hotp(secret, Math.floor(T0 / 30_000), 6, 'SHA1');
    expect(await t.services.otp.verifyToken(token, code, 'in_stock', 'enrolment', admin)).toMatchObject({ ok: false, reason: 'no_token' });
    expect((await t.services.store.tokens.getBySerial('S1'))?.lastCounter).toBe(-1);
  });
});
