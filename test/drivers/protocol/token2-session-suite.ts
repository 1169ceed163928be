// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { ApduError, AuthFailedError, DriverError } from '../../../drivers/core/errors.js';
import type { CardEmulator } from '../../../drivers/emulator/card-emulator.js';
import { Token2TokenEmulator, type Token2TokenEmulatorOptions } from '../../../drivers/emulator/token2-token-emulator.js';
import { Token2Session, type Token2BurnParams } from '../../../drivers/protocol/token2-session.js';
import { INS_WRITE_CONFIG, INS_WRITE_SEED } from '../../../drivers/protocol/token2/token2-apdus.js';
import type { SmartCardConnection } from '../../../drivers/transport/smartcard-connection.js';
import { fixedClock } from '../../helpers/fixed-clock.js';
import { oathtoolTotp } from '../../helpers/oathtool.js';

/** The display code oathtool computes for `seed`. */
function expectedCode(seed: Buffer, o: { algorithm: 'SHA1' | 'SHA256'; period: number; unix: number; digits?: number }): string {
  return oathtoolTotp(seed.toString('hex'), { algorithm: o.algorithm === 'SHA1' ? 'sha1' : 'sha256', period: o.period, digits: o.digits ?? 6, at: o.unix });
}

/** Opens a connection to `card`; may be called again for the same card after a tear (the card is re-inserted). */
export type ConnectCard = (card: CardEmulator) => Promise<SmartCardConnection>;

const SEED20 = Buffer.from('12345678901234567890', 'ascii');
const SEED32 = Buffer.from('12345678901234567890123456789012', 'ascii');
const WRONG_KEY = Buffer.alloc(16, 0x42);

async function caught(p: Promise<unknown>): Promise<DriverError> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof DriverError)) throw new Error(`expected a DriverError, got ${String(err)}`);
  return err;
}

/**
 * The Token2 single-profile protocol suite: burns through `connect(card)` and asserts the emulator's device state
 * (display code vs oathtool, tries left, seed present). Nothing here assumes the connection is in-process.
 */
export function token2SessionSuite(name: string, connect: ConnectCard): void {
  describe(`Token2Session against Token2TokenEmulator (${name})`, () => {
    const clock = fixedClock(Date.UTC(2026, 11, 1, 12, 0, 7));
    const unix = (): number => Math.floor(clock.now() / 1000);
    const token = (options: Token2TokenEmulatorOptions = {}): Token2TokenEmulator => new Token2TokenEmulator({ clock: clock.now, ...options });
    const params = (over: Partial<Token2BurnParams> = {}): Token2BurnParams => ({
      seed: SEED20, algorithm: 'SHA1', period: 30, displayTimeout: 30, time: unix(), ...over,
    });
    async function withSession<T>(card: CardEmulator, fn: (s: Token2Session) => Promise<T>, key?: Buffer): Promise<T> {
      const conn = await connect(card);
      try {
        return await fn(new Token2Session(conn, key === undefined ? {} : { key }));
      } finally {
        await conn.close();
      }
    }

    test.each([
      ['SHA1', 30, SEED20],
      ['SHA1', 60, SEED32],
      ['SHA256', 30, SEED32],
      ['SHA256', 60, SEED20],
    ] as const)('burn %s/%is: the display shows what oathtool computes', async (algorithm, period, seed) => {
      const card = token();
      const result = await withSession(card, (s) => s.burn(params({ algorithm, period, seed })));
      expect(result.info).toMatchObject({ serial: card.serial, model: { name: 'OTPC-P2-i' } });
      expect(result.apdus).toBe(7);
      expect(card.state()).toMatchObject({ seedPresent: true, seedLength: seed.length, algorithm, period });
      for (const later of [0, 45_000, 3_600_000]) {
        clock.advance(later);
        expect(card.displayCode()).toBe(expectedCode(seed, { algorithm, period, unix: unix() }));
      }
    });

    test('getInfo reads serial, model and the device clock', async () => {
      const card = token({ model: 'C302-i', initialDeviceTime: 1_700_000_000 });
      const info = await withSession(card, (s) => s.getInfo());
      expect(info).toEqual({ serial: '86596320000001', model: { prefix: '8659632', name: 'C302-i', keepsSeedOnTimeSync: true }, deviceTime: 1_700_000_000 });
    });

    test('an unknown serial prefix is refused before anything is written', async () => {
      const card = token({ serial: '12345670000042', initialDeviceTime: 1_000 });
      const err = await caught(withSession(card, (s) => s.burn(params())));
      expect(err.code).toBe('ERR_UNKNOWN_MODEL');
      expect(err.data.serial).toBe('12345670000042');
      expect(card.state()).toMatchObject({ seedPresent: false, deviceTime: 1_000 });
    });

    test('a wrong key decrements the tries left; the right key restores them; zero blocks', async () => {
      const card = token({ lockout: { maxTries: 3, format: 'cx' } });
      const first = await caught(withSession(card, (s) => s.authenticate(), WRONG_KEY));
      expect(first).toBeInstanceOf(AuthFailedError);
      expect((first as AuthFailedError).attemptsRemaining).toBe(2);
      expect(card.state().triesLeft).toBe(2);
      await withSession(card, (s) => s.authenticate());
      expect(card.state().triesLeft).toBe(3);
      for (const left of [2, 1]) {
        const err = await caught(withSession(card, (s) => s.authenticate(), WRONG_KEY));
        expect((err as AuthFailedError).attemptsRemaining).toBe(left);
      }
      expect((await caught(withSession(card, (s) => s.authenticate(), WRONG_KEY))).code).toBe('ERR_AUTH_BLOCKED');
      expect((await caught(withSession(card, (s) => s.burn(params())))).code).toBe('ERR_AUTH_BLOCKED');
      expect(card.state()).toMatchObject({ blocked: true, seedPresent: false });
    });

    test('firmware-core tokens answer 6983 to a wrong key: AuthFailedError without a count', async () => {
      const card = token();
      const err = await caught(withSession(card, (s) => s.burn(params({ key: WRONG_KEY }))));
      expect(err).toBeInstanceOf(AuthFailedError);
      expect((err as AuthFailedError).attemptsRemaining).toBeNull();
      expect(card.state().seedPresent).toBe(false);
    });

    test('restricted-sync model: a later time write needs acknowledgeSeedLoss, and then erases the seed', async () => {
      const card = token({ model: 'OTPC-P2-i' });
      await withSession(card, (s) => s.burn(params()));
      const refused = await caught(withSession(card, async (s) => {
        await s.authenticate();
        await s.setConfig({ algorithm: 'SHA1', period: 30, displayTimeout: 30, time: unix() + 5 });
      }));
      expect(refused.code).toBe('ERR_CONFIRMATION_REQUIRED');
      expect(card.displayCode()).toBe(expectedCode(SEED20, { algorithm: 'SHA1', period: 30, unix: unix() }));
      await withSession(card, async (s) => {
        await s.authenticate();
        await s.setConfig({ algorithm: 'SHA1', period: 30, displayTimeout: 30, time: unix() + 5 }, { acknowledgeSeedLoss: true });
      });
      expect(card.state()).toMatchObject({ seedPresent: false, deviceTime: unix() + 5 });
      expect(card.displayCode()).toBeNull();
    });

    test('a model that keeps its seed accepts a time sync without acknowledgement', async () => {
      const card = token({ model: 'miniOTP-2-i' });
      await withSession(card, (s) => s.burn(params()));
      await withSession(card, async (s) => {
        await s.authenticate();
        await s.setConfig({ algorithm: 'SHA1', period: 30, displayTimeout: 60, time: unix() + 90 });
      });
      expect(card.state()).toMatchObject({ seedPresent: true, displayTimeout: 60 });
      expect(card.displayCode()).toBe(expectedCode(SEED20, { algorithm: 'SHA1', period: 30, unix: unix() + 90 }));
    });

    test('a seed write without re-authentication after the config is refused with 6983', async () => {
      const card = token();
      const err = await caught(withSession(card, async (s) => {
        await s.authenticate();
        await s.setConfig({ algorithm: 'SHA256', period: 30, displayTimeout: 15, time: unix() }, { acknowledgeSeedLoss: true });
        await s.setSeed(SEED20);
      }));
      expect(err).toBeInstanceOf(ApduError);
      expect((err as ApduError).sw).toBe(0x6983);
      expect(card.state()).toMatchObject({ seedPresent: false, algorithm: 'SHA256', displayTimeout: 15 });
    });

    test('torn during the seed write: nothing written, the config stays; a second burn succeeds', async () => {
      const card = token();
      card.tearOnCommand((apdu) => apdu[1] === INS_WRITE_SEED);
      expect((await caught(withSession(card, (s) => s.burn(params({ algorithm: 'SHA256' }))))).code).toBe('ERR_CARD_REMOVED');
      expect(card.state()).toMatchObject({ seedPresent: false, algorithm: 'SHA256', authenticated: false });
      await withSession(card, (s) => s.burn(params({ algorithm: 'SHA256' })));
      expect(card.displayCode()).toBe(expectedCode(SEED20, { algorithm: 'SHA256', period: 30, unix: unix() }));
    });

    test('torn after the seed reached flash: the error surfaces, the seed is there', async () => {
      const card = token();
      card.tearOnCommand(7, { applyWrite: true });
      expect((await caught(withSession(card, (s) => s.burn(params()))))).toMatchObject({ code: 'ERR_CARD_REMOVED' });
      expect(card.displayCode()).toBe(expectedCode(SEED20, { algorithm: 'SHA1', period: 30, unix: unix() }));
    });

    test('torn during the config write: clock and hash unchanged', async () => {
      const card = token({ initialDeviceTime: 1_600_000_000 });
      card.tearOnCommand((apdu) => apdu[1] === INS_WRITE_CONFIG);
      expect((await caught(withSession(card, (s) => s.burn(params({ algorithm: 'SHA256' }))))).code).toBe('ERR_CARD_REMOVED');
      expect(card.state()).toMatchObject({ algorithm: 'SHA1', deviceTime: 1_600_000_000, seedPresent: false });
    });

    test('bad arguments are refused before any APDU', async () => {
      const card = token({ initialDeviceTime: 1_000 });
      // An all-zero seed too: refused before the config write, which would erase the seed on restricted models.
      for (const bad of [params({ seed: Buffer.alloc(16, 1) }), params({ seed: Buffer.alloc(20) }), params({ period: 45 as 30 }), params({ time: -1 })]) {
        expect((await caught(withSession(card, (s) => s.burn(bad)))).code).toBe('ERR_INVALID_ARGUMENT');
      }
      expect((await caught(withSession(card, (s) => s.burn(params({ algorithm: 'SHA512' as 'SHA1' })))))).toMatchObject({ code: 'ERR_NOT_SUPPORTED' });
      expect(card.state()).toMatchObject({ deviceTime: 1_000, seedPresent: false });
    });
  });
}
