// SPDX-License-Identifier: UNLICENSED
/**
 * An independent client against the emulator: Debian's ykman 4.0.9 drives an `OathCardEmulator` in a
 * vpcd virtual reader through real pcscd (token-hardware.md §6.5). After each ykman command the card's
 * state is checked, and codes are compared with oathtool at the same second.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { attachToVpcd } from '../../../drivers/emulator/attach-to-vpcd.js';
import type { CardEmulator } from '../../../drivers/emulator/card-emulator.js';
import { OathCardEmulator } from '../../../drivers/emulator/oath-card-emulator.js';
import { oathtoolHotp, oathtoolTotp } from '../../helpers/oathtool.js';
import { withVirtualReader, type VirtualReader } from '../../helpers/pcscd.js';

const run = promisify(execFile);
const JBSWY3DPEHPK3PXP_HEX = '48656c6c6f21deadbeef';
const RFC_B32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const RFC_HEX = Buffer.from('12345678901234567890').toString('hex');

/** Runs `ykman --reader <name> oath …` and returns stdout; a failure shows ykman's stderr. */
async function ykman(reader: VirtualReader, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('ykman', ['--reader', reader.name, 'oath', ...args], { timeout: 20_000, env: { ...process.env, LC_ALL: 'C.UTF-8' } });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`ykman ${args.join(' ')} failed: ${e.stderr ?? e.message}`);
  }
}

/**
 * `fn` with `card` inserted in a leased virtual reader. pcscd notices a vpcd card only when it next
 * polls the reader (it then asks for the ATR), so wait for that before ykman looks.
 */
async function withCard<T>(card: OathCardEmulator, fn: (reader: VirtualReader) => Promise<T>): Promise<T> {
  return withVirtualReader(async (reader) => {
    const errors: unknown[] = [];
    let noticed: () => void = () => undefined;
    const seen = new Promise<void>((resolve) => (noticed = resolve));
    const observed: CardEmulator = {
      get atr() {
        noticed();
        return card.atr;
      },
      reset: () => card.reset(),
      powerOff: () => card.powerOff(),
      process: (apdu) => card.process(apdu),
    };
    const attachment = attachToVpcd(observed, { port: reader.port, onError: (err) => errors.push(err) });
    await attachment.ready;
    await Promise.race([seen, new Promise((r) => setTimeout(r, 10_000))]);
    try {
      return await fn(reader);
    } finally {
      await attachment.close();
      expect(errors).toEqual([]);
    }
  });
}

/** `ykman oath accounts code` parsed into name → code, retried if a 30 s step boundary passed meanwhile. */
async function codesAt(reader: VirtualReader, extra: string[] = []): Promise<{ codes: Map<string, string>; unix: number }> {
  for (;;) {
    const before = Math.floor(Date.now() / 1000);
    const out = await ykman(reader, ['accounts', 'code', ...extra]);
    const after = Math.floor(Date.now() / 1000);
    if (Math.floor(before / 60) !== Math.floor(after / 60) || Math.floor(before / 30) !== Math.floor(after / 30)) continue;
    const codes = new Map(out.trim().split('\n').map((line) => {
      const m = /^(\S+)\s+(.+?)\s*$/.exec(line);
      return [m?.[1] ?? line, m?.[2] ?? ''] as [string, string];
    }));
    return { codes, unix: before };
  }
}

describe('OathCardEmulator under ykman (real pcscd + vpcd)', () => {
  test('info, add TOTP/HOTP/touch, list, code, delete', async () => {
    const card = new OathCardEmulator({ version: [5, 4, 3] });
    await withCard(card, async (reader) => {
      expect(await ykman(reader, ['info'])).toMatch(/OATH version: 5\.4\.3/);

      await ykman(reader, ['accounts', 'add', '-f', '-i', 'ACME', 'alice', 'JBSWY3DPEHPK3PXP']);
      expect(card.credential('ACME:alice')).toMatchObject({ type: 'TOTP', algorithm: 'SHA1', digits: 6, touch: false, key: Buffer.from(`${JBSWY3DPEHPK3PXP_HEX}00000000`, 'hex') });
      await ykman(reader, ['accounts', 'add', '-f', '-o', 'TOTP', '-a', 'SHA256', '-d', '8', '-P', '60', '-i', 'ACME', 'bob', RFC_B32]);
      expect(card.credential('60/ACME:bob')).toMatchObject({ type: 'TOTP', algorithm: 'SHA256', digits: 8 });
      await ykman(reader, ['accounts', 'add', '-f', '-o', 'TOTP', '-a', 'SHA1', '-d', '8', '-P', '60', 'carol', RFC_B32]);
      expect(card.credential('60/carol')).toMatchObject({ algorithm: 'SHA1', digits: 8 });
      await ykman(reader, ['accounts', 'add', '-f', '-o', 'HOTP', '-c', '5', 'hotpuser', RFC_B32]);
      expect(card.credential('hotpuser')).toMatchObject({ type: 'HOTP', counter: 5 });
      await ykman(reader, ['accounts', 'add', '-f', '-t', '-i', 'ACME', 'touchy', 'JBSWY3DPEHPK3PXP']);
      expect(card.credential('ACME:touchy')?.touch).toBe(true);

      const listed = (await ykman(reader, ['accounts', 'list', '-o', '-P'])).trim().split('\n');
      // ykman sorts by issuer-or-name, then name, and shows the on-card id.
      expect(listed).toEqual(['ACME:alice, TOTP, 30', '60/ACME:bob, TOTP, 60', 'ACME:touchy, TOTP, 30', '60/carol, TOTP, 60', 'hotpuser, HOTP, 0']);

      const { codes, unix } = await codesAt(reader);
      expect(codes.get('ACME:alice')).toBe(oathtoolTotp(JBSWY3DPEHPK3PXP_HEX, { at: unix }));
      expect(codes.get('60/ACME:bob')).toBe(oathtoolTotp(RFC_HEX, { algorithm: 'sha256', digits: 8, period: 60, at: unix }));
      expect(codes.get('60/carol')).toBe(oathtoolTotp(RFC_HEX, { digits: 8, period: 60, at: unix }));
      expect(codes.get('hotpuser')).toMatch(/HOTP/);
      expect(codes.get('ACME:touchy')).toMatch(/Touch/i);
      expect(card.credential('hotpuser')?.counter).toBe(5);

      const hotp = await codesAt(reader, ['hotpuser']);
      expect(hotp.codes.get('hotpuser')).toBe(oathtoolHotp(RFC_HEX, 5));
      expect(card.credential('hotpuser')?.counter).toBe(6);
      const touch = await codesAt(reader, ['touchy']);
      expect(touch.codes.get('ACME:touchy')).toBe(oathtoolTotp(JBSWY3DPEHPK3PXP_HEX, { at: touch.unix }));

      await ykman(reader, ['accounts', 'delete', '-f', 'ACME:alice']);
      expect(card.credential('ACME:alice')).toBeUndefined();
      expect(card.credentials().map((c) => c.id.toString())).toEqual(['60/ACME:bob', '60/carol', 'hotpuser', 'ACME:touchy']);
    });
  }, 90_000);

  test('a password set by ykman is required afterwards; reset -f clears everything', async () => {
    const card = new OathCardEmulator();
    await withCard(card, async (reader) => {
      await ykman(reader, ['accounts', 'add', '-f', '-i', 'ACME', 'alice', 'JBSWY3DPEHPK3PXP']);
      await ykman(reader, ['access', 'change', '-n', 'open sesame']);
      expect(card.hasPassword).toBe(true);
      expect(await ykman(reader, ['info'])).toMatch(/Password protection:\s+enabled/i);

      await expect(ykman(reader, ['accounts', 'list', '-p', 'wrong'])).rejects.toThrow(/password/i);
      expect((await ykman(reader, ['accounts', 'list', '-p', 'open sesame'])).trim()).toBe('ACME:alice');
      await ykman(reader, ['accounts', 'add', '-f', '-p', 'open sesame', '-o', 'HOTP', 'h2', RFC_B32]);
      expect(card.credential('h2')).toMatchObject({ type: 'HOTP', counter: 0 });
      const out = await ykman(reader, ['accounts', 'code', '-p', 'open sesame', 'h2']);
      expect(out).toContain(oathtoolHotp(RFC_HEX, 0));
      expect(card.credential('h2')?.counter).toBe(1);

      const saltBefore = card.salt;
      await ykman(reader, ['reset', '-f']);
      expect(card.credentials()).toEqual([]);
      expect(card.hasPassword).toBe(false);
      expect(card.salt.equals(saltBefore)).toBe(false);
      expect((await ykman(reader, ['accounts', 'list'])).trim()).toBe('');
    });
  }, 90_000);
});
