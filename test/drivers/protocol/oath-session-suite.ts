// SPDX-License-Identifier: UNLICENSED
/**
 * The `OathSession` protocol suite (STYLE rules 34–35), reusable over any way of reaching an emulated
 * card: `connect(card)` returns a SmartCardConnection to that card (in process, or through pcscd).
 * Each test builds its own `OathCardEmulator`, drives it only through the session, and asserts on the
 * card's state and on codes from oathtool. At most one connection is open at a time; it is closed
 * before the next `connect` and after each test.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, test } from 'vitest';
import { fromHex } from '../../../drivers/core/bytes.js';
import { ApduError, AuthFailedError } from '../../../drivers/core/errors.js';
import { OathCardEmulator, type OathCardEmulatorOptions } from '../../../drivers/emulator/oath-card-emulator.js';
import { OathSession } from '../../../drivers/protocol/oath-session.js';
import type { SmartCardConnection } from '../../../drivers/transport/smartcard-connection.js';
import { oathtoolHotp, oathtoolTotp } from '../../helpers/oathtool.js';

const JBSWY3DPEHPK3PXP = fromHex('48656c6c6f21deadbeef');
const RFC_SHA1 = Buffer.from('12345678901234567890', 'ascii');
const RFC_SHA512 = Buffer.from('1234567890'.repeat(6) + '1234', 'ascii');
const SALT = fromHex('0102030405060708');
/** A fixed second inside a 60 s step (1795464600 is a multiple of 60). */
const T = 1795464600 + 17;

export function oathSessionSuite(name: string, connect: (card: OathCardEmulator) => Promise<SmartCardConnection>): void {
  describe(`OathSession (${name})`, () => {
    const open: SmartCardConnection[] = [];
    afterEach(async () => {
      for (const conn of open.splice(0)) await conn.close();
    });

    /** One connection at a time: the previous one is closed first, as with one card in one reader. */
    async function session(card: OathCardEmulator, random?: () => Buffer): Promise<OathSession> {
      for (const conn of open.splice(0)) await conn.close();
      const conn = await connect(card);
      open.push(conn);
      return OathSession.open(conn, { clock: { now: () => T * 1000 }, ...(random ? { random: { bytes: random } } : {}) });
    }
    const newCard = (options: OathCardEmulatorOptions = {}): OathCardEmulator => new OathCardEmulator({ salt: SALT, ...options });

    test('open selects the applet: version, salt, device id, no password', async () => {
      const s = await session(newCard({ version: [5, 7, 1] }));
      expect(s.info).toEqual({ version: [5, 7, 1], salt: SALT, deviceId: 'ZoQN2hVOihE8Md0K0y9/Og', hasPassword: false });
      expect(s.locked).toBe(false);
    });

    test('TOTP SHA-1/6/30: the card holds the key padded to 14 bytes and its code equals oathtool', async () => {
      const card = newCard();
      const s = await session(card);
      const cred = await s.putCredential({ type: 'TOTP', issuer: 'ACME', name: 'alice', secret: JBSWY3DPEHPK3PXP });
      expect(card.credential('ACME:alice')).toMatchObject({ type: 'TOTP', algorithm: 'SHA1', digits: 6, touch: false, key: fromHex('48656c6c6f21deadbeef00000000') });
      const code = await s.calculate(cred);
      expect(code.value).toBe(oathtoolTotp('48656c6c6f21deadbeef', { at: T }));
      expect(code.validTo - code.validFrom).toBe(30_000);
    });

    test('TOTP SHA-256/8/60 is stored as 60/issuer:name and codes equal oathtool', async () => {
      const card = newCard();
      const s = await session(card);
      const cred = await s.putCredential({ type: 'TOTP', algorithm: 'SHA256', digits: 8, period: 60, issuer: 'ACME', name: 'bob', secret: RFC_SHA1 });
      expect(card.credential('60/ACME:bob')).toMatchObject({ algorithm: 'SHA256', digits: 8 });
      for (const at of [T, T + 60, 59]) {
        expect((await s.calculate(cred, at * 1000)).value).toBe(oathtoolTotp(RFC_SHA1.toString('hex'), { algorithm: 'sha256', digits: 8, period: 60, at }));
      }
    });

    test('TOTP SHA-512 RFC 6238 vector, and a 100-byte key hashed to its SHA-1 before PUT', async () => {
      const card = newCard();
      const s = await session(card);
      const sha512 = await s.putCredential({ type: 'TOTP', algorithm: 'SHA512', digits: 8, name: 'rfc512', secret: RFC_SHA512 });
      expect((await s.calculate(sha512, 59_000)).value).toBe('90693936');
      const longKey = Buffer.alloc(100, 0x5a);
      const long = await s.putCredential({ type: 'TOTP', name: 'long', secret: longKey });
      expect(card.credential('long')?.key).toEqual(createHash('sha1').update(longKey).digest());
      expect((await s.calculate(long)).value).toBe(oathtoolTotp(longKey.toString('hex'), { at: T }));
    });

    test('HOTP with initial counter 5: codes follow RFC 4226 and the card counter advances', async () => {
      const card = newCard();
      const s = await session(card);
      const cred = await s.putCredential({ type: 'HOTP', name: 'hotpuser', secret: RFC_SHA1, counter: 5 });
      expect(card.credential('hotpuser')?.counter).toBe(5);
      expect((await s.calculate(cred)).value).toBe(oathtoolHotp(RFC_SHA1.toString('hex'), 5));
      expect((await s.calculate(cred)).value).toBe(oathtoolHotp(RFC_SHA1.toString('hex'), 6));
      expect(card.credential('hotpuser')?.counter).toBe(7);
    });

    test('list and calculate all: 60 s recomputed, HOTP and touch without code and not advanced', async () => {
      const card = newCard();
      const s = await session(card);
      await s.putCredential({ type: 'TOTP', issuer: 'ACME', name: 'alice', secret: JBSWY3DPEHPK3PXP });
      await s.putCredential({ type: 'TOTP', algorithm: 'SHA256', digits: 8, period: 60, issuer: 'ACME', name: 'bob', secret: RFC_SHA1 });
      await s.putCredential({ type: 'HOTP', name: 'hotpuser', secret: RFC_SHA1, counter: 5 });
      await s.putCredential({ type: 'TOTP', issuer: 'ACME', name: 'touchy', secret: JBSWY3DPEHPK3PXP, touch: true });
      expect((await s.listCredentials()).map((c) => `${c.id.toString()} ${c.type} ${c.algorithm} ${c.period}`)).toEqual([
        'ACME:alice TOTP SHA1 30', '60/ACME:bob TOTP SHA256 60', 'hotpuser HOTP SHA1 0', 'ACME:touchy TOTP SHA1 30',
      ]);
      const all = await s.calculateAll();
      expect(all.map((e) => [e.credential.name, e.credential.touchRequired, e.code?.value ?? null])).toEqual([
        ['alice', false, oathtoolTotp('48656c6c6f21deadbeef', { at: T })],
        ['bob', false, oathtoolTotp(RFC_SHA1.toString('hex'), { algorithm: 'sha256', digits: 8, period: 60, at: T })],
        ['hotpuser', false, null],
        ['touchy', true, null],
      ]);
      expect(card.credential('hotpuser')?.counter).toBe(5);
      expect(card.credential('ACME:touchy')?.touch).toBe(true);
    });

    test('a touch credential computes after touch, and a missed touch is ApduError 6985', async () => {
      const touched = await session(newCard({ touch: 'accept' }));
      const cred = await touched.putCredential({ type: 'TOTP', name: 't', secret: JBSWY3DPEHPK3PXP, touch: true });
      expect((await touched.calculate(cred)).value).toBe(oathtoolTotp('48656c6c6f21deadbeef', { at: T }));
      const missed = await session(newCard({ touch: 'timeout' }));
      await missed.putCredential({ type: 'TOTP', name: 't', secret: JBSWY3DPEHPK3PXP, touch: true });
      await expect(missed.calculate(cred)).rejects.toMatchObject({ code: 'ERR_APDU', sw: 0x6985 });
    });

    test('a long CALCULATE ALL reply arrives in 61xx parts and is reassembled', async () => {
      const card = newCard({ maxResponseLength: 100 });
      const s = await session(card);
      const keys = Array.from({ length: 8 }, (_, i) => Buffer.alloc(20, i + 1));
      for (const [i, key] of keys.entries()) await s.putCredential({ type: 'TOTP', issuer: `Issuer-${i}`, name: `${'x'.repeat(40)}-${i}`, secret: key });
      const all = await s.calculateAll();
      expect(all.map((e) => e.code?.value)).toEqual(keys.map((k) => oathtoolTotp(k.toString('hex'), { at: T })));
      expect((await s.listCredentials()).map((c) => c.issuer)).toEqual(keys.map((_, i) => `Issuer-${i}`));
    });

    test('delete removes the credential; deleting it again resolves false', async () => {
      const card = newCard();
      const s = await session(card);
      const cred = await s.putCredential({ type: 'TOTP', name: 'gone', secret: JBSWY3DPEHPK3PXP });
      expect(await s.deleteCredential(cred.id)).toBe(true);
      expect(card.credential('gone')).toBeUndefined();
      expect(await s.deleteCredential(cred.id)).toBe(false);
      await expect(s.calculate(cred)).rejects.toMatchObject({ code: 'ERR_APDU', sw: 0x6984 });
    });

    test('rename keeps the period prefix; firmware before 5.3.1 is ERR_NOT_SUPPORTED', async () => {
      const card = newCard();
      const s = await session(card);
      const cred = await s.putCredential({ type: 'TOTP', period: 60, issuer: 'Old', name: 'n', secret: JBSWY3DPEHPK3PXP });
      expect((await s.renameCredential(cred.id, 'carol', 'New')).toString()).toBe('60/New:carol');
      expect(card.credentials().map((c) => c.id.toString())).toEqual(['60/New:carol']);
      const oldCard = newCard({ version: [5, 2, 7] });
      const old = await session(oldCard);
      const c2 = await old.putCredential({ type: 'TOTP', name: 'n', secret: JBSWY3DPEHPK3PXP });
      await expect(old.renameCredential(c2.id, 'm')).rejects.toMatchObject({ code: 'ERR_NOT_SUPPORTED' });
      expect(oldCard.credentials().map((c) => c.id.toString())).toEqual(['n']);
    });

    test('password: locked until unlock, wrong password is AuthFailedError, right one opens', async () => {
      const card = newCard({ password: 'hunter2' });
      const s = await session(card);
      expect(s.info.hasPassword).toBe(true);
      expect(s.locked).toBe(true);
      await expect(s.listCredentials()).rejects.toMatchObject({ code: 'ERR_AUTH_REQUIRED', data: { sw: 0x6982 } });
      const wrong = s.unlock('hunter3');
      await expect(wrong).rejects.toBeInstanceOf(AuthFailedError);
      await expect(wrong).rejects.toMatchObject({ code: 'ERR_AUTH_FAILED', attemptsRemaining: null });
      await s.unlock('hunter2');
      expect(s.locked).toBe(false);
      await s.putCredential({ type: 'TOTP', name: 'after-unlock', secret: JBSWY3DPEHPK3PXP });
      expect(card.credential('after-unlock')).toBeDefined();
    });

    test('setPassword then clearPassword change what the card requires', async () => {
      const card = newCard();
      const s = await session(card);
      await s.setPassword('correct horse');
      expect(card.hasPassword).toBe(true);
      const again = await session(card);
      expect(again.locked).toBe(true);
      await again.unlock('correct horse');
      await again.clearPassword();
      expect(card.hasPassword).toBe(false);
      expect((await session(card)).locked).toBe(false);
    });

    test('reset needs { confirm: true }; then credentials, password and salt are gone', async () => {
      const card = newCard({ password: 'pw', random: (n) => Buffer.alloc(n, 0x42) });
      const s = await session(card);
      await s.unlock('pw');
      await s.putCredential({ type: 'TOTP', name: 'keep?', secret: JBSWY3DPEHPK3PXP });
      await expect(s.reset()).rejects.toMatchObject({ code: 'ERR_CONFIRMATION_REQUIRED' });
      expect(card.credentials()).toHaveLength(1);
      const info = await s.reset({ confirm: true });
      expect(card.credentials()).toEqual([]);
      expect(card.hasPassword).toBe(false);
      expect(info.salt).toEqual(Buffer.alloc(8, 0x42));
      expect(info.deviceId).not.toBe('ZoQN2hVOihE8Md0K0y9/Og');
      expect(s.locked).toBe(false);
    });

    test('a full card refuses another credential with 6A84', async () => {
      const card = newCard({ capacity: 2 });
      const s = await session(card);
      await s.putCredential({ type: 'TOTP', name: 'a', secret: JBSWY3DPEHPK3PXP });
      await s.putCredential({ type: 'TOTP', name: 'b', secret: JBSWY3DPEHPK3PXP });
      const full = s.putCredential({ type: 'TOTP', name: 'c', secret: JBSWY3DPEHPK3PXP });
      await expect(full).rejects.toBeInstanceOf(ApduError);
      await expect(full).rejects.toMatchObject({ sw: 0x6a84 });
      await s.putCredential({ type: 'HOTP', name: 'a', secret: RFC_SHA1 });
      expect(card.credentials().map((c) => `${c.id.toString()}:${c.type}`)).toEqual(['a:HOTP', 'b:TOTP']);
    });

    test('arguments the device cannot take are refused before any command', async () => {
      const card = newCard({ version: [4, 2, 0] });
      const s = await session(card);
      await expect(s.putCredential({ type: 'TOTP', algorithm: 'SHA512', name: 'x', secret: RFC_SHA512 })).rejects.toMatchObject({ code: 'ERR_NOT_SUPPORTED' });
      await expect(s.putCredential({ type: 'TOTP', name: 'n'.repeat(65), secret: RFC_SHA1 })).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
      await expect(s.putCredential({ type: 'TOTP', digits: 9, name: 'x', secret: RFC_SHA1 })).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
      await expect(s.putCredential({ type: 'TOTP', counter: 3, name: 'x', secret: RFC_SHA1 })).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
      expect(card.credentials()).toEqual([]);
    });
  });
}
