// SPDX-License-Identifier: UNLICENSED
import { describe, expect, it } from 'vitest';
import type { CardEmulator } from '../../../drivers/emulator/card-emulator.js';
import { Molto2TokenEmulator } from '../../../drivers/emulator/molto2-token-emulator.js';
import { OathCardEmulator } from '../../../drivers/emulator/oath-card-emulator.js';
import type { TearMatch, TearOptions } from '../../../drivers/emulator/tear-trigger.js';
import { Token2TokenEmulator } from '../../../drivers/emulator/token2-token-emulator.js';
import { oathtoolTotp } from '../../helpers/oathtool.js';
import { READER, T0, useProgrammingWorld, type ProgrammingWorld, type RunOptions } from './programming-world.js';

const world = useProgrammingWorld();
const T0_S = Math.floor(T0 / 1000);

type Tearable = CardEmulator & { tearOnCommand(match: TearMatch, options?: TearOptions): void };

interface Family {
  name: string;
  kind: 'usb' | 'nfc';
  upn?: string;
  make(w: ProgrammingWorld, n: number): Tearable;
  /** How the test answers the job (codes off the display, ▲ on the token). */
  answers(card: Tearable): RunOptions;
  /** Checks that the device holds `seed` (the token's sealed active seed). */
  holds(card: Tearable, seed: Buffer, where: string): void;
}

const FAMILIES: Family[] = [
  {
    name: 'YKOATH', kind: 'nfc', upn: 'alice@contoso.com',
    make: () => new OathCardEmulator(),
    answers: () => ({}),
    holds: (card, seed, where) => {
      const creds = (card as OathCardEmulator).credentials();
      expect(creds.map((c) => [c.id.toString(), c.key.subarray(0, seed.length).equals(seed)]), where).toEqual([['mfa-appliance:alice@contoso.com', true]]);
    },
  },
  {
    name: 'Token2 single-profile', kind: 'nfc',
    make: (w, n) => new Token2TokenEmulator({ serial: `8659600${String(n).padStart(7, '0')}`, clock: () => w.clock.now() }),
    answers: (card) => ({ code: () => (card as Token2TokenEmulator).displayCode() }),
    holds: (card, seed, where) => expect((card as Token2TokenEmulator).displayCode(), where).toBe(oathtoolTotp(seed, { at: T0_S })),
  },
  {
    name: 'Molto2', kind: 'usb', upn: 'bob@contoso.com',
    make: (w, n) => new Molto2TokenEmulator({ serial: `2100${String(n).padStart(7, '0')}`, clock: () => w.clock.now() }),
    answers: (card) => ({ code: () => (card as Molto2TokenEmulator).displayCode(0), press: () => (card as Molto2TokenEmulator).pressButton() }),
    holds: (card, seed, where) => expect((card as Molto2TokenEmulator).displayCode(0), where).toBe(oathtoolTotp(seed, { at: T0_S })),
  },
];

describe.each(FAMILIES)('programming a $name token torn at each APDU', (family) => {
  it('leaves the row needs_reprogramming with no active seed, and a rerun on the same card succeeds', async () => {
    const w = await world();
    const clean = family.make(w, 0);
    w.readers.insert(READER, clean, family.kind);
    const before = w.readers.apdus.get(READER) ?? 0;
    const ok = await w.run(family.upn ? { upn: family.upn } : {}, family.answers(clean));
    expect(ok.result.ok, JSON.stringify(ok.events.at(-1))).toBe(true);
    const total = (w.readers.apdus.get(READER) ?? 0) - before;
    expect(total).toBeGreaterThanOrEqual(5);
    let rowsSeen = 0;
    for (let n = 1; n <= total; n++) {
      for (const applyWrite of [false, true]) {
        const card = family.make(w, n * 2 + Number(applyWrite));
        card.tearOnCommand(n, { applyWrite });
        w.readers.insert(READER, card, family.kind);
        const torn = await w.run(family.upn ? { upn: family.upn } : {}, family.answers(card));
        const where = `${family.name} torn at APDU ${n}/${total} (write ${applyWrite ? 'applied' : 'lost'})`;
        expect(torn.result, where).toMatchObject({ ok: false, error: { code: 'ERR_DEVICE', data: { driverCode: 'ERR_CARD_REMOVED' } } });
        expect(torn.events.at(-1), where).toMatchObject({ type: 'failed', hint: 'Hold the token on the reader until it says done, then program it again.' });
        expect(w.readers.hasCard(READER), where).toBe(false);
        const serial = torn.result.ok ? null : torn.result.serial;
        const row = serial === null ? null : await w.row(serial);
        if (row !== null) {
          rowsSeen++;
          expect(row, where).toMatchObject({ state: 'needs_reprogramming', seedSecretId: null, userId: null });
        }

        w.readers.insert(READER, card, family.kind);
        const rerun = await w.run(family.upn ? { upn: family.upn } : {}, family.answers(card));
        expect(rerun.result, where).toMatchObject({ ok: true, state: family.upn ? 'active' : 'programmed' });
        const done = rerun.result.ok ? rerun.result.serial : '';
        const seed = await w.seedOf(done);
        family.holds(card, seed ?? Buffer.alloc(0), where);
        w.readers.remove(READER);
      }
    }
    expect(rowsSeen).toBeGreaterThan(total);
  });
});

