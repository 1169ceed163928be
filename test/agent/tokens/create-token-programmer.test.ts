// SPDX-License-Identifier: UNLICENSED
import { describe, expect, it } from 'vitest';
import { Molto2TokenEmulator } from '../../../drivers/emulator/molto2-token-emulator.js';
import { OathCardEmulator } from '../../../drivers/emulator/oath-card-emulator.js';
import { Token2TokenEmulator } from '../../../drivers/emulator/token2-token-emulator.js';
import { DEVICE_KEY_PURPOSE } from '../../../agent/tokens/device-key-purpose.js';
import type { BulkEvent } from '../../../agent/tokens/create-token-programmer.js';
import { oathtoolTotp } from '../../helpers/oathtool.js';
import { ACTOR, READER, T0, useProgrammingWorld } from './programming-world.js';

const world = useProgrammingWorld();
const T0_S = Math.floor(T0 / 1000);
const types = (events: Array<{ type: string }>) => events.map((e) => e.type);

describe('createTokenProgrammer: program', () => {
  it('burns a YKOATH credential for a user, proves it by CALCULATE, and activates it: the seed oathtool checks, the proof code spent', async () => {
    const w = await world();
    const card = new OathCardEmulator();
    w.readers.insert(READER, card);
    const { result, events } = await w.run({ upn: 'alice@contoso.com' });
    expect(result).toMatchObject({ ok: true, kind: 'ykoath', state: 'active', userUpn: 'alice@contoso.com', proof: 'calculate' });
    expect(types(events)).toEqual(['waiting', 'detected', 'writing', 'verifying', 'done']);
    const serial = result.ok ? result.serial : '';
    expect(serial).toMatch(/^YKOATH-/);
    const row = await w.row(serial);
    const alice = await w.services.store.users.getByUpn('alice@contoso.com');
    expect(row).toMatchObject({ state: 'active', userId: alice?.id, origin: 'program', kind: 'hardware_totp', algorithm: 'SHA1', firmware: '5.4.3', lastCounter: Math.floor(T0_S / 30) });
    expect(await w.services.store.tokens.programmingState(row?.id ?? '')).toEqual({ pendingSeedSecretId: null, deviceKeySecretId: null });
    const seed = await w.seedOf(serial);
    expect(seed).toHaveLength(20);
    // The card holds the seed (padded to 14+ bytes as yubikit does) under issuer:account.
    expect(card.credentials().map((c) => [c.id.toString(), c.key.subarray(0, 20).equals(seed ?? Buffer.alloc(0))])).toEqual([['mfa-appliance:alice@contoso.com', true]]);
    // The read-back code cannot sign in; the next step's code (oathtool from the sealed seed) can.
    const now = oathtoolTotp(seed ?? '', { at: T0_S });
    expect(await w.services.otp.verifyUser({ upn: 'alice@contoso.com', code: now, purpose: 'sign-in', actor: ACTOR })).toMatchObject({ ok: false, reason: 'replayed' });
    w.clock.advance(30_000);
    const next = oathtoolTotp(seed ?? '', { at: T0_S + 30 });
    expect(await w.services.otp.verifyUser({ upn: 'alice@contoso.com', code: next, purpose: 'sign-in', actor: ACTOR })).toMatchObject({ ok: true, serial });
    const [programmed] = await w.services.store.audit.recent(1, { event: 'token.programmed' });
    expect(programmed).toMatchObject({ outcome: 'success', subject: serial, actor: ACTOR.id, details: { reader: READER, kind: 'ykoath', proof: 'calculate', userId: alice?.id } });
    const [assigned] = await w.services.store.audit.recent(1, { event: 'token.assigned' });
    expect(assigned).toMatchObject({ subject: serial, details: { upn: 'alice@contoso.com', state: 'active' } });
  });

  it('programs a Token2 into stock with the code its display shows; a wrong code first is refused with the tries left', async () => {
    const w = await world({ policy: { algorithm: 'SHA256' } });
    const card = new Token2TokenEmulator({ model: 'miniOTP-2-i', clock: () => w.clock.now() });
    w.readers.insert(READER, card);
    const codes = ['000000', card.serial];
    const { result, events, replies } = await w.run({}, { code: () => codes.shift() ?? card.displayCode() });
    expect(result).toMatchObject({ ok: true, kind: 'token2', model: 'miniOTP-2-i', state: 'programmed', userUpn: null, proof: 'entered_code' });
    expect(types(events)).toEqual(['waiting', 'detected', 'writing', 'enter_code', 'verifying', 'enter_code', 'verifying', 'enter_code', 'verifying', 'done']);
    expect(replies).toEqual([
      { accepted: false, reason: 'wrong_code', attemptsLeft: 2 }, { accepted: false, reason: 'malformed', attemptsLeft: 2 }, { accepted: true },
    ]);
    expect(events[1]).toMatchObject({ type: 'detected', kind: 'token2', model: 'miniOTP-2-i', serial: card.serial, firmware: null });
    expect(card.state()).toMatchObject({ seedPresent: true, seedLength: 32, algorithm: 'SHA256', period: 30, deviceTime: T0_S });
    const seed = await w.seedOf(card.serial);
    expect(card.displayCode()).toBe(oathtoolTotp(seed ?? '', { algorithm: 'sha256', at: T0_S }));
    expect(await w.row(card.serial)).toMatchObject({ state: 'programmed', userId: null, algorithm: 'SHA256', model: 'miniOTP-2-i', manufacturer: 'Token2' });
    // Handed out later, the code used for the proof cannot sign in.
    await w.services.tokens.assign(card.serial, 'bob@contoso.com', ACTOR);
    expect(await w.services.otp.verifyUser({ upn: 'bob@contoso.com', code: card.displayCode() ?? '', purpose: 'sign-in', actor: ACTOR })).toMatchObject({ ok: false, reason: 'replayed' });
  });

  it('proves a user\'s display token through the verifier: the proof counts as enrolment and the code is spent for sign-in', async () => {
    const w = await world();
    const card = new Token2TokenEmulator({ model: 'C302-i', clock: () => w.clock.now() });
    w.readers.insert(READER, card);
    const { result } = await w.run({ upn: 'bob@contoso.com' }, { code: () => card.displayCode() });
    expect(result).toMatchObject({ ok: true, state: 'active', userUpn: 'bob@contoso.com' });
    const [check] = await w.services.store.audit.recent(1, { event: 'otp.verified' });
    expect(check).toMatchObject({ outcome: 'success', subject: card.serial, details: { purpose: 'enrolment', serial: card.serial } });
    expect(await w.services.otp.verifyUser({ upn: 'bob@contoso.com', code: card.displayCode() ?? '', purpose: 'sign-in', actor: ACTOR })).toMatchObject({ ok: false, reason: 'replayed' });
  });

  it('refuses to burn an active token again without reprogram; with it, the old seed is destroyed and a new one proven', async () => {
    const w = await world();
    const card = new Token2TokenEmulator({ model: 'miniOTP-2-i', clock: () => w.clock.now() });
    w.readers.insert(READER, card);
    expect((await w.run({ upn: 'alice@contoso.com' }, { code: () => card.displayCode() })).result.ok).toBe(true);
    const first = await w.row(card.serial);
    const oldCode = card.displayCode();
    const refused = await w.run({ upn: 'bob@contoso.com' });
    expect(refused.result).toMatchObject({ ok: false, step: 'prepare', error: { code: 'ERR_TOKEN_STATE' } });
    expect(refused.events.at(-1)).toMatchObject({ type: 'failed', code: 'ERR_TOKEN_STATE', hint: expect.stringContaining('reprogram') as unknown });
    expect(card.displayCode()).toBe(oldCode);
    expect(await w.row(card.serial)).toEqual(first);
    const again = await w.run({ upn: 'bob@contoso.com', reprogram: true }, { code: () => card.displayCode() });
    expect(again.result).toMatchObject({ ok: true, state: 'active', userUpn: 'bob@contoso.com' });
    expect(await w.services.store.secrets.get(first?.seedSecretId ?? '')).toBeNull();
    expect(card.displayCode()).not.toBe(oldCode);
    const [changed] = await w.services.store.audit.recent(1, { event: 'token.state_changed' });
    expect(changed).toMatchObject({ subject: card.serial, details: { from: 'active', to: 'needs_reprogramming', reason: 'reprogram' } });
  });

  it('rotates a Molto2 factory key to a sealed per-device key (▲ pressed), and uses that key without ▲ next time', async () => {
    const w = await world({ policy: { digits: 8 } });
    const card = new Molto2TokenEmulator({ clock: () => w.clock.now() });
    w.readers.insert(READER, card, 'usb');
    const first = await w.run({ upn: 'alice@contoso.com' }, { code: () => card.displayCode(0), press: () => card.pressButton() });
    expect(first.result).toMatchObject({ ok: true, kind: 'molto2', model: 'Molto2', state: 'active' });
    expect(types(first.events)).toEqual(['waiting', 'detected', 'writing', 'press_button', 'enter_code', 'verifying', 'done']);
    expect(card.profile(0)).toMatchObject({ seedPresent: true, seedLength: 20, digits: 8, algorithm: 'SHA1' });
    const row = await w.row(card.serial);
    const keyId = (await w.services.store.tokens.programmingState(row?.id ?? ''))?.deviceKeySecretId ?? '';
    const key = await w.services.vault.open(keyId, DEVICE_KEY_PURPOSE);
    expect(key).toHaveLength(16);
    expect(key.equals(Buffer.from('TOKEN2MOLTO1-KEY'))).toBe(false);
    const second = await w.run({ upn: 'alice@contoso.com', reprogram: true }, { code: () => card.displayCode(0), press: () => { throw new Error('no ▲ expected'); } });
    expect(second.result).toMatchObject({ ok: true });
    expect(types(second.events)).not.toContain('press_button');
    expect(card.state()).toMatchObject({ triesLeft: 10, pending: null });
  });

  it('fails with a "wrong key" hint for a Molto2 whose key was set elsewhere, and keeps no key for it', async () => {
    const w = await world();
    const card = new Molto2TokenEmulator({ customerKey: Buffer.from('SOMEONE-ELSES-KY'), clock: () => w.clock.now() });
    w.readers.insert(READER, card, 'usb');
    const { result, events } = await w.run();
    expect(result).toMatchObject({ ok: false, step: 'write', error: { code: 'ERR_DEVICE', data: { driverCode: 'ERR_AUTH_FAILED', attemptsRemaining: 9 } } });
    expect(events.at(-1)).toMatchObject({ type: 'failed', hint: expect.stringMatching(/^Wrong key: this token's key is not the factory key/) as unknown });
    const row = await w.row(card.serial);
    expect(row).toMatchObject({ state: 'needs_reprogramming', seedSecretId: null });
    expect(await w.services.store.tokens.programmingState(row?.id ?? '')).toMatchObject({ deviceKeySecretId: null });
    const [audit] = await w.services.store.audit.recent(1, { event: 'token.programmed' });
    expect(audit).toMatchObject({ outcome: 'failure', details: { step: 'write', reason: 'ERR_AUTH_FAILED', kind: 'molto2' } });
  });

  it('refuses an unknown Token2 model and an unknown card before writing anything', async () => {
    const w = await world();
    const unknown = new Token2TokenEmulator({ serial: '86599990000001', clock: () => w.clock.now() });
    w.readers.insert(READER, unknown);
    const a = await w.run();
    expect(a.result).toMatchObject({ ok: false, step: 'detect', error: { code: 'ERR_DEVICE', data: { driverCode: 'ERR_UNKNOWN_MODEL' } } });
    expect(a.events.at(-1)).toMatchObject({ hint: expect.stringMatching(/^Unknown model/) as unknown });
    expect(unknown.state().seedPresent).toBe(false);
    expect(await w.row(unknown.serial)).toBeNull();
    const alien = { atr: Buffer.from('3b00', 'hex'), reset() {}, powerOff() {}, process: async () => Buffer.from('6d00', 'hex') };
    w.readers.insert(READER, alien);
    const b = await w.run();
    expect(b.result).toMatchObject({ ok: false, step: 'detect', error: { data: { driverCode: 'ERR_UNKNOWN_CARD' } } });
    expect(await w.services.store.tokens.list()).toEqual([]);
  });

  it('runs one job per reader: a second job on a busy reader fails at once with ERR_READER_BUSY', async () => {
    const w = await world();
    const card = new Token2TokenEmulator({ clock: () => w.clock.now() });
    w.readers.insert(READER, card);
    let asked!: () => void;
    const askedForCode = new Promise<void>((resolve) => { asked = resolve; });
    const first = w.programmer.program({ reader: READER, actor: ACTOR }, (e) => { if (e.type === 'enter_code') asked(); });
    await askedForCode;
    const second = await w.run();
    expect(second.result).toMatchObject({ ok: false, step: 'wait', error: { code: 'ERR_READER_BUSY', data: { reader: READER } } });
    expect(second.events.at(-1)).toMatchObject({ type: 'failed', hint: expect.stringContaining('Another job is using this reader') as unknown });
    expect(await first.submitCode(card.displayCode() ?? '')).toEqual({ accepted: true });
    expect(await first.done).toMatchObject({ ok: true, state: 'programmed' });
  });

  it('cancels while waiting for a tap (nothing audited) and while waiting for the code (left needs_reprogramming)', async () => {
    const w = await world();
    const ac = new AbortController();
    const waiting = w.run({ signal: ac.signal }, { onEvent: (e) => { if (e.type === 'waiting') ac.abort(); } });
    const a = await waiting;
    expect(a.result).toMatchObject({ ok: false, step: 'wait', error: { data: { driverCode: 'ERR_CANCELED' } } });
    expect(await w.services.store.audit.recent(5, { event: 'token.programmed' })).toEqual([]);
    const card = new Token2TokenEmulator({ clock: () => w.clock.now() });
    w.readers.insert(READER, card);
    const ac2 = new AbortController();
    const b = await w.run({ upn: 'alice@contoso.com', signal: ac2.signal }, { onEvent: (e) => { if (e.type === 'enter_code') ac2.abort(); } });
    expect(b.result).toMatchObject({ ok: false, step: 'prove', error: { code: 'ERR_DEVICE', data: { driverCode: 'ERR_CANCELED' } } });
    expect(card.state().seedPresent).toBe(true);
    expect(await w.row(card.serial)).toMatchObject({ state: 'needs_reprogramming', seedSecretId: null, userId: null });
    expect(await w.seedOf(card.serial, 'pending')).toHaveLength(20);
  });

  it('fails after three wrong codes, leaving the token needs_reprogramming with no active seed', async () => {
    const w = await world();
    const card = new Token2TokenEmulator({ clock: () => w.clock.now() });
    w.readers.insert(READER, card);
    const { result, replies } = await w.run({}, { code: () => '123456' });
    expect(replies.map((r) => (r.accepted ? 'ok' : r.attemptsLeft))).toEqual([2, 1, 0]);
    expect(result).toMatchObject({ ok: false, step: 'prove', error: { code: 'ERR_INVALID_INPUT', data: { reason: 'wrong_code' } } });
    expect(await w.row(card.serial)).toMatchObject({ state: 'needs_reprogramming', seedSecretId: null });
    expect(await w.programmer.program({ reader: READER, actor: ACTOR }, () => undefined).submitCode('1')).toEqual({ accepted: false, reason: 'not_waiting', attemptsLeft: 0 });
  });

  it('reports an unknown user before waiting for a tap', async () => {
    const w = await world();
    const { result, events } = await w.run({ upn: 'ghost@contoso.com' });
    expect(result).toMatchObject({ ok: false, step: 'wait', error: { code: 'ERR_NOT_FOUND' } });
    expect(types(events)).toEqual(['failed']);
  });
});

describe('createTokenProgrammer: bulk', () => {
  it('programs taps into stock one after another with a running count and rate, listing failures, until the count', async () => {
    const w = await world();
    const cards = [0, 1, 2, 3].map((i) => new Token2TokenEmulator({ serial: `865960000000${i + 10}`, clock: () => w.clock.now() }));
    // The third tap is the first card again: already programmed, so it is listed as a failure.
    const taps = [cards[0], cards[1], cards[0], cards[2], cards[3]];
    const events: BulkEvent[] = [];
    let tap = 0;
    const next = (): void => {
      const card = taps[tap++];
      if (card) setImmediate(() => w.readers.insert(READER, card));
    };
    const job = w.programmer.bulk({ reader: READER, count: 3, actor: ACTOR }, (e) => {
      events.push(e);
      if (e.type === 'waiting') next();
      if (e.type === 'enter_code') {
        const card = taps[tap - 1];
        void job.submitCode(card?.displayCode() ?? '');
      }
      if (e.type === 'remove_token') {
        w.clock.advance(20_000);
        setImmediate(() => w.readers.remove(READER));
      }
    });
    const result = await job.done;
    expect(result).toMatchObject({ programmed: 3, stoppedBy: 'count' });
    expect(result.failures).toEqual([expect.objectContaining({ index: 2, serial: cards[0]?.serial, code: 'ERR_TOKEN_STATE' })]);
    expect(events.filter((e) => e.type === 'progress').map((e) => (e.type === 'progress' ? [e.programmed, e.failed] : []))).toEqual([[1, 0], [2, 0], [2, 1], [3, 1]]);
    const done = events.at(-1);
    expect(done).toMatchObject({ type: 'bulk_done', programmed: 3 });
    expect(result.ratePerMinute).toBeCloseTo(3 / (result.durationMs / 60_000), 5);
    expect((await w.services.store.tokens.list({ state: 'programmed' })).map((t) => t.serial)).toEqual(cards.slice(0, 3).map((c) => c.serial));
    expect(cards[3]?.state().seedPresent).toBe(false);
    const audits = await w.services.store.audit.recent(10, { event: 'token.programmed' });
    expect(audits.filter((a) => a.outcome === 'success').every((a) => a.details.bulk === true)).toBe(true);
  });

  it('stops on abort while waiting for the next tap', async () => {
    const w = await world();
    const ac = new AbortController();
    const job = w.programmer.bulk({ reader: READER, actor: ACTOR, signal: ac.signal }, (e) => { if (e.type === 'waiting') setImmediate(() => ac.abort()); });
    expect(await job.done).toMatchObject({ programmed: 0, failures: [], stoppedBy: 'abort' });
  });
});
