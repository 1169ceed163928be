// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { AuthFailedError, DriverError } from '../../../drivers/core/errors.js';
import type { CardEmulator } from '../../../drivers/emulator/card-emulator.js';
import { Molto2TokenEmulator, type Molto2TokenEmulatorOptions } from '../../../drivers/emulator/molto2-token-emulator.js';
import { Molto2Session, type Molto2KeyRotationStatus, type Molto2ProfileParams, type Molto2SessionOptions } from '../../../drivers/protocol/molto2-session.js';
import { rotateMolto2FactoryKey } from '../../../drivers/protocol/rotate-molto2-factory-key.js';
import { INS_WRITE_SEED } from '../../../drivers/protocol/token2/token2-apdus.js';
import type { SmartCardConnection } from '../../../drivers/transport/smartcard-connection.js';
import { fixedClock } from '../../helpers/fixed-clock.js';
import { oathtoolTotp } from '../../helpers/oathtool.js';

/** The display code oathtool computes for `seed`. */
function expectedCode(seed: Buffer, o: { algorithm: 'SHA1' | 'SHA256'; period: number; unix: number; digits?: number }): string {
  return oathtoolTotp(seed.toString('hex'), { algorithm: o.algorithm === 'SHA1' ? 'sha1' : 'sha256', period: o.period, digits: o.digits ?? 6, at: o.unix });
}

/** Opens a connection to `card`; may be called again for the same card (a new session, or after a tear). */
export type ConnectCard = (card: CardEmulator) => Promise<SmartCardConnection>;

const SEED20 = Buffer.from('12345678901234567890', 'ascii');
const SEED32 = Buffer.from('12345678901234567890123456789012', 'ascii');
const NEW_KEY = Buffer.from('0f1e2d3c4b5a69788796a5b4c3d2e1f0', 'hex');

async function caught(p: Promise<unknown>): Promise<DriverError> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof DriverError)) throw new Error(`expected a DriverError, got ${String(err)}`);
  return err;
}

/** The Molto2 protocol suite: programs profiles through `connect(card)` and asserts the emulator's device state. */
export function molto2SessionSuite(name: string, connect: ConnectCard): void {
  describe(`Molto2Session against Molto2TokenEmulator (${name})`, () => {
    const clock = fixedClock(Date.UTC(2026, 11, 1, 9, 30, 0));
    const unix = (): number => Math.floor(clock.now() / 1000);
    const token = (o: Molto2TokenEmulatorOptions = {}): Molto2TokenEmulator => new Molto2TokenEmulator({ clock: clock.now, ...o });
    const params = (over: Partial<Molto2ProfileParams> = {}): Molto2ProfileParams => ({
      seed: SEED20, algorithm: 'SHA1', period: 30, displayTimeout: 30, time: unix(), ...over,
    });
    async function withSession<T>(card: CardEmulator, fn: (s: Molto2Session) => Promise<T>, options: Molto2SessionOptions = {}): Promise<T> {
      const conn = await connect(card);
      try {
        return await fn(new Molto2Session(conn, { now: clock.now, ...options }));
      } finally {
        await conn.close();
      }
    }

    test('programs two profiles; each display matches oathtool and the public data reads back', async () => {
      const card = token();
      const one = await withSession(card, (s) => s.programProfile(1, params({ title: 'ACME' })));
      expect(one.apdus).toBe(7);
      expect(one.info.serial).toBe(card.serial);
      await withSession(card, (s) => s.programProfile(2, params({ seed: SEED32, algorithm: 'SHA256', digits: 8, period: 60 })));
      clock.advance(95_000);
      expect(card.displayCode(1)).toBe(expectedCode(SEED20, { algorithm: 'SHA1', period: 30, unix: unix() }));
      expect(card.displayCode(2)).toBe(expectedCode(SEED32, { algorithm: 'SHA256', period: 60, digits: 8, unix: unix() }));
      expect(card.profile(1)).toMatchObject({ title: 'ACME', seedLength: 20 });
      expect(card.displayCode(0)).toBeNull();
      const read = await withSession(card, (s) => s.readProfile(2));
      expect(read).toEqual({ seedExists: true, algorithm: 'SHA256', period: 60, digits: 8, deviceTime: unix() });
    });

    test('an occupied profile is refused unless overwrite, which deletes first', async () => {
      const card = token();
      await withSession(card, (s) => s.programProfile(5, params()));
      const err = await caught(withSession(card, (s) => s.programProfile(5, params({ seed: SEED32 }))));
      expect(err).toMatchObject({ code: 'ERR_CONFIRMATION_REQUIRED', data: { profile: 5 } });
      expect(card.profile(5).seedLength).toBe(20);
      const again = await withSession(card, (s) => s.programProfile(5, params({ seed: SEED32, overwrite: true })));
      expect(again.apdus).toBe(7);
      expect(card.displayCode(5)).toBe(expectedCode(SEED32, { algorithm: 'SHA1', period: 30, unix: unix() }));
    });

    test('deleteSeed clears the seed and keeps the settings; syncTime keeps seeds', async () => {
      const card = token();
      await withSession(card, (s) => s.programProfile(3, params({ digits: 8 })));
      await withSession(card, (s) => s.programProfile(4, params()));
      await withSession(card, async (s) => {
        await s.authenticate();
        await s.deleteSeed(3);
        await s.syncTime(4, unix() + 120);
      });
      expect(card.profile(3)).toMatchObject({ seedPresent: false, digits: 8 });
      expect(await withSession(card, (s) => s.seedExists(3))).toBe(false);
      expect(card.displayCode(4)).toBe(expectedCode(SEED20, { algorithm: 'SHA1', period: 30, unix: unix() + 120 }));
    });

    test('a wrong customer key costs a try (63 NN); ten in a row lock the token', async () => {
      const card = token({ maxTries: 3 });
      const wrong = { customerKey: NEW_KEY };
      const err = await caught(withSession(card, (s) => s.authenticate(), wrong));
      expect(err).toBeInstanceOf(AuthFailedError);
      expect((err as AuthFailedError).attemptsRemaining).toBe(2);
      expect(card.state().triesLeft).toBe(2);
      await caught(withSession(card, (s) => s.authenticate(), wrong));
      expect((await caught(withSession(card, (s) => s.authenticate(), wrong))).code).toBe('ERR_AUTH_BLOCKED');
      expect((await caught(withSession(card, (s) => s.programProfile(1, params())))).code).toBe('ERR_AUTH_BLOCKED');
      expect(card.profile(1).seedPresent).toBe(false);
    });

    test('rotating the factory key waits for ▲, then only the new key works', async () => {
      const card = token();
      const statuses: Molto2KeyRotationStatus[] = [];
      let polls = 0;
      const sleep = async (ms: number): Promise<void> => {
        clock.advance(ms);
        if (++polls === 3) card.pressButton();
      };
      const conn = await connect(card);
      const result = await rotateMolto2FactoryKey(conn, NEW_KEY, { now: clock.now, sleep, onStatus: (s) => statuses.push(s) });
      await conn.close();
      expect(result.serial).toBe(card.serial);
      expect(statuses).toEqual(['awaiting-button', 'committed']);
      expect(card.state()).toMatchObject({ pending: null, triesLeft: 10 });
      expect((await caught(withSession(card, (s) => s.authenticate()))).code).toBe('ERR_AUTH_FAILED');
      await withSession(card, (s) => s.programProfile(0, params()), { customerKey: NEW_KEY });
      expect(card.displayCode(0)).toBe(expectedCode(SEED20, { algorithm: 'SHA1', period: 30, unix: unix() }));
      const again = await connect(card);
      const err = await caught(rotateMolto2FactoryKey(again, Buffer.from('another-new-key!'), { now: clock.now, sleep }));
      await again.close();
      expect(err).toBeInstanceOf(AuthFailedError);
      expect(card.state().pending).toBeNull();
    });

    test('no button press: ERR_TIMEOUT asking for it; the factory key still works', async () => {
      const card = token();
      const sleep = async (ms: number): Promise<void> => clock.advance(ms);
      const err = await caught(withSession(card, (s) => s.rotateKey(NEW_KEY, { timeoutMs: 5_000, pollIntervalMs: 1_000 }), { sleep }));
      expect(err).toMatchObject({ code: 'ERR_TIMEOUT', data: { ms: 5_000 } });
      expect(err.message).toMatch(/press the ▲ button on the token/);
      expect(card.state().pending).toBe('key-change');
      await withSession(card, (s) => s.authenticate());
    });

    test('unplugged during the seed write: profile stays empty; programming again succeeds', async () => {
      const card = token();
      card.tearOnCommand((apdu) => apdu[1] === INS_WRITE_SEED);
      expect((await caught(withSession(card, (s) => s.programProfile(7, params())))).code).toBe('ERR_CARD_REMOVED');
      expect(card.profile(7).seedPresent).toBe(false);
      await withSession(card, (s) => s.programProfile(7, params()));
      expect(card.profile(7).seedPresent).toBe(true);
    });

    test('arguments are checked before any APDU', async () => {
      const card = token();
      for (const [profile, p] of [[100, params()], [1, params({ seed: Buffer.alloc(64, 1) })], [1, params({ seed: Buffer.alloc(20) })], [1, params({ title: 'thirteen-byte' })]] as const) {
        expect((await caught(withSession(card, (s) => s.programProfile(profile, p)))).code).toBe('ERR_INVALID_ARGUMENT');
      }
      expect(card.profile(1).seedPresent).toBe(false);
    });
  });
}
