// SPDX-License-Identifier: UNLICENSED
import crypto from 'node:crypto';
import { DriverError } from '../core/errors.js';
import { Sm4 } from '../protocol/token2/sm4.js';
import {
  ALGORITHM_CODE,
  CLA_PLAIN,
  CLA_SECURE,
  INS_AUTH_FINISH,
  INS_DELETE_SEED,
  INS_GET_CHALLENGE,
  INS_GET_INFO,
  INS_SET_CUSTOMER_KEY,
  INS_WRITE_CONFIG,
  INS_WRITE_SEED,
  INS_WRITE_TITLE,
  SW_AUTH_FAILED,
  SW_CLA_NOT_SUPPORTED,
  SW_INS_NOT_SUPPORTED,
  SW_OK,
  SW_WRONG_DATA,
  SW_WRONG_LENGTH,
  TAG_PUBLIC_DATA,
  TAG_SEED_INFO,
} from '../protocol/token2/token2-apdus.js';
import { deriveMolto2Key, MOLTO2_FACTORY_CUSTOMER_KEY, unpadIso9797M2 } from '../protocol/token2/token2-crypto.js';
import type { CardEmulator } from './card-emulator.js';
import { emptyMolto2Profile, type Molto2Profile } from './token2/molto2-profile.js';
import { parseMolto2TimeSync, parseToken2Config } from './token2/parse-token2-config.js';
import { TearTrigger, type TearMatch, type TearOptions } from './tear-trigger.js';
import { openSecureCommand, Token2AuthState } from './token2/token2-auth-state.js';
import { parseToken2Command, reply, type Token2Command } from './token2/token2-command.js';
import { DeviceClock, displayTotp } from './token2/token2-display.js';

export interface Molto2TokenEmulatorOptions {
  /** ASCII serial. Default `21000000001` (Molto2 serial format UNCONFIRMED). */
  serial?: string;
  /** Customer key (raw); the token checks `SHA1(key)[:16]`. Default `TOKEN2MOLTO1-KEY`. */
  customerKey?: Buffer;
  /** Host clock in ms. Default `Date.now`. */
  clock?: () => number;
  /** Challenge source. Default `crypto.randomBytes`. */
  random?: (n: number) => Buffer;
  /** Wrong auths before the token locks; answered `63 NN`. Default 10. */
  maxTries?: number;
  /** Profile slots. Default 100 (Molto2 v2). */
  profileCount?: number;
  /** Device clock at start, Unix seconds. Default: the host clock. */
  initialDeviceTime?: number;
}

/** An operation the token holds until ▲ is pressed. */
export type Molto2PendingConfirmation = 'key-change' | 'factory-reset' | null;

const SW_WRONG_P1P2 = 0x6a86;
const INS_FACTORY_RESET = 0x56;
const DEFAULT_ATR = Buffer.from('3b8f8001804f0ca000000306030001000000006a', 'hex');
const TITLE_BYTES = 12;

/**
 * A Token2 Molto2 (token-hardware.md §2.3): per-profile seed/title/config, read-public-data, delete seed, one
 * authentication per session with a `63 NN` tries counter, and the ▲ button that commits a customer-key change
 * or a factory reset (`pressButton`). Modelled, UNCONFIRMED on hardware: the request answers `9000` at once and the
 * old key keeps working until the press; a config write does not clear seeds.
 */
export class Molto2TokenEmulator implements CardEmulator {
  readonly atr = DEFAULT_ATR;
  readonly serial: string;
  readonly #clock: () => number;
  readonly #random: (n: number) => Buffer;
  readonly #maxTries: number;
  readonly #auth: Token2AuthState;
  readonly #tear = new TearTrigger();
  readonly #rtc: DeviceClock;
  #profiles: Molto2Profile[];
  #sm4: Sm4;
  #pendingKey: Buffer | null = null;
  #pendingReset = false;

  constructor(options: Molto2TokenEmulatorOptions = {}) {
    this.serial = options.serial ?? '21000000001';
    this.#clock = options.clock ?? Date.now;
    this.#random = options.random ?? crypto.randomBytes;
    this.#maxTries = options.maxTries ?? 10;
    this.#auth = new Token2AuthState({ maxTries: this.#maxTries, format: 'nn' });
    this.#profiles = Array.from({ length: options.profileCount ?? 100 }, emptyMolto2Profile);
    this.#sm4 = new Sm4(deriveMolto2Key(options.customerKey ?? MOLTO2_FACTORY_CUSTOMER_KEY));
    const now = this.#clock();
    this.#rtc = new DeviceClock(options.initialDeviceTime ?? Math.floor(now / 1000), now);
  }

  reset(): void {
    this.#auth.endSession();
  }

  powerOff(): void {
    this.#auth.endSession();
  }

  tearOnCommand(match: TearMatch, options: TearOptions = {}): void {
    this.#tear.arm(match, options);
  }

  /** What ▲ would confirm now. */
  get pendingConfirmation(): Molto2PendingConfirmation {
    if (this.#pendingKey !== null) return 'key-change';
    return this.#pendingReset ? 'factory-reset' : null;
  }

  /** The user presses ▲: commits a pending key change or factory reset. Returns what was confirmed. */
  pressButton(): Molto2PendingConfirmation {
    const confirmed = this.pendingConfirmation;
    if (this.#pendingKey !== null) this.#sm4 = new Sm4(this.#pendingKey);
    if (this.#pendingReset) {
      this.#profiles = this.#profiles.map(emptyMolto2Profile);
      this.#sm4 = new Sm4(deriveMolto2Key(MOLTO2_FACTORY_CUSTOMER_KEY));
    }
    this.#pendingKey = null;
    this.#pendingReset = false;
    if (confirmed !== null) this.#auth.endSession();
    return confirmed;
  }

  async process(apdu: Buffer): Promise<Buffer> {
    return this.#tear.run(apdu, () => this.#handle(apdu), () => this.#torn());
  }

  /** The code profile `profile` shows at host instant `atMs` (default now); null without a seed. */
  displayCode(profile: number, atMs: number = this.#clock()): string | null {
    const p = this.#profiles[profile];
    if (p?.seed == null) return null;
    return displayTotp(p.seed, p.algorithm, p.period, this.#rtc.at(atMs), p.digits);
  }

  /** A profile's settings for tests (seed reduced to presence and length). */
  profile(profile: number): Omit<Molto2Profile, 'seed' | 'title'> & { seedPresent: boolean; seedLength: number; title: string | null } {
    const { seed, title, ...rest } = this.#profiles[profile] ?? emptyMolto2Profile();
    return { ...rest, seedPresent: seed !== null, seedLength: seed?.length ?? 0, title: title?.toString('utf8') ?? null };
  }

  state(): { deviceTime: number; authenticated: boolean; triesLeft: number; blocked: boolean; pending: Molto2PendingConfirmation } {
    return {
      deviceTime: this.#rtc.at(this.#clock()),
      authenticated: this.#auth.authenticated,
      triesLeft: this.#auth.triesLeft ?? this.#maxTries,
      blocked: this.#auth.blocked,
      pending: this.pendingConfirmation,
    };
  }

  #torn(): DriverError {
    this.powerOff();
    return new DriverError('ERR_CARD_REMOVED', 'the token was unplugged during the command');
  }

  #handle(apdu: Buffer): Buffer {
    const cmd = parseToken2Command(apdu);
    if (cmd === null) return reply(SW_WRONG_LENGTH);
    if (cmd.cla === CLA_PLAIN) return this.#plain(cmd);
    if (cmd.cla !== CLA_SECURE) return reply(SW_CLA_NOT_SUPPORTED);
    if (cmd.ins === INS_DELETE_SEED) return this.#deleteSeed(cmd);
    if (cmd.lc < 4) return reply(SW_WRONG_LENGTH);
    const body = openSecureCommand(this.#sm4, cmd);
    if (body === null || !this.#auth.authenticated) return reply(SW_AUTH_FAILED);
    if (cmd.ins === INS_SET_CUSTOMER_KEY) return reply(this.#requestKey(body));
    const profile = this.#profiles[cmd.p2];
    if (profile === undefined) return reply(SW_WRONG_P1P2);
    if (cmd.ins === INS_WRITE_SEED && cmd.p1 === 0x01) return reply(this.#writeSeed(profile, body));
    if (cmd.ins === INS_WRITE_TITLE) return reply(this.#writeTitle(profile, body));
    if (cmd.ins === INS_WRITE_CONFIG && cmd.p1 === 0x01) return reply(this.#writeConfig(profile, body));
    return reply(SW_INS_NOT_SUPPORTED);
  }

  #plain(cmd: Token2Command): Buffer {
    if (cmd.ins === INS_GET_INFO) return cmd.data.length === 0 ? this.#info() : this.#publicData(cmd);
    if (cmd.ins === INS_GET_CHALLENGE && cmd.p1 === 0x08) return reply(SW_OK, this.#auth.challenge(this.#random));
    if (cmd.ins === INS_AUTH_FINISH) return reply(this.#auth.finish(this.#sm4, cmd.data));
    if (cmd.ins === INS_DELETE_SEED) return this.#deleteSeed(cmd);
    if (cmd.ins === INS_FACTORY_RESET) {
      this.#pendingReset = true;
      return reply(SW_OK);
    }
    return reply(SW_INS_NOT_SUPPORTED);
  }

  #info(): Buffer {
    const serial = Buffer.from(this.serial, 'latin1');
    const time = Buffer.alloc(4);
    time.writeUInt32BE(this.#rtc.at(this.#clock()) >>> 0);
    return reply(SW_OK, Buffer.concat([Buffer.from([0, 0, 0, serial.length]), serial, Buffer.from([0, 0]), time]));
  }

  /** `95 1F 70 1D flag tips(16) RTC(4) TimeCfg(4) alg step digits seedExist`; tips = title, zero-filled. */
  #publicData(cmd: Token2Command): Buffer {
    const p = this.#profiles[cmd.p2];
    if (p === undefined) return reply(SW_WRONG_P1P2);
    if (cmd.data.length !== 1 || cmd.data[0] !== TAG_SEED_INFO) return reply(SW_WRONG_DATA);
    const value = Buffer.alloc(29);
    p.title?.copy(value, 1);
    value.writeUInt32BE(this.#rtc.at(this.#clock()) >>> 0, 17);
    value.writeUInt32BE(p.configTime >>> 0, 21);
    value[25] = ALGORITHM_CODE[p.algorithm];
    value[26] = p.period;
    value[27] = p.digits;
    value[28] = p.seed === null ? 0x00 : 0x01;
    return reply(SW_OK, Buffer.concat([Buffer.from([TAG_PUBLIC_DATA, 31, TAG_SEED_INFO, 29]), value]));
  }

  #deleteSeed(cmd: Token2Command): Buffer {
    if (!this.#auth.authenticated) return reply(SW_AUTH_FAILED);
    const p = this.#profiles[cmd.p2];
    if (p === undefined) return reply(SW_WRONG_P1P2);
    p.seed = null;
    return reply(SW_OK);
  }

  #writeSeed(p: Molto2Profile, body: Buffer): number {
    if (body.length === 0 || body.length % 16 !== 0 || body.length > 64) return SW_WRONG_DATA;
    const plain = this.#sm4.decryptEcb(body);
    if (plain.every((b) => b === 0)) {
      p.seed = null;
      return SW_OK;
    }
    const seed = unpadIso9797M2(plain);
    if (seed === null || seed.length === 0 || seed.length > 63) return SW_WRONG_DATA;
    p.seed = Buffer.from(seed);
    return SW_OK;
  }

  #writeTitle(p: Molto2Profile, body: Buffer): number {
    if (body.length !== 16) return SW_WRONG_DATA;
    const title = unpadIso9797M2(this.#sm4.decryptEcb(body));
    if (title === null || title.length > TITLE_BYTES) return SW_WRONG_DATA;
    p.title = Buffer.from(title);
    return SW_OK;
  }

  #writeConfig(p: Molto2Profile, body: Buffer): number {
    const now = this.#clock();
    const syncOnly = parseMolto2TimeSync(body);
    if (syncOnly !== null) {
      this.#rtc.set(syncOnly, now);
      return SW_OK;
    }
    const c = parseToken2Config(body, true);
    if (c === null) return SW_WRONG_DATA;
    Object.assign(p, { algorithm: c.algorithm, period: c.period, displayTimeout: c.displayTimeout, digits: c.digits ?? 6, configTime: c.time });
    this.#rtc.set(c.time, now);
    return SW_OK;
  }

  /** Plaintext `00 ‖ newKey(16) ‖ 80 ‖ 00×14`; held until ▲. */
  #requestKey(body: Buffer): number {
    if (body.length !== 32) return SW_WRONG_DATA;
    const plain = this.#sm4.decryptEcb(body);
    if (plain[0] !== 0x00 || plain[17] !== 0x80 || !plain.subarray(18).every((b) => b === 0)) return SW_WRONG_DATA;
    this.#pendingKey = Buffer.from(plain.subarray(1, 17));
    return SW_OK;
  }
}
