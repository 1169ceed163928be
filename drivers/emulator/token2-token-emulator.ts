// SPDX-License-Identifier: UNLICENSED
import crypto from 'node:crypto';
import { DriverError } from '../core/errors.js';
import { Sm4 } from '../protocol/token2/sm4.js';
import {
  CLA_PLAIN,
  CLA_SECURE,
  INS_AUTH_FINISH,
  INS_GET_CHALLENGE,
  INS_GET_INFO,
  INS_WRITE_CONFIG,
  INS_WRITE_SEED,
  SW_AUTH_FAILED,
  SW_CLA_NOT_SUPPORTED,
  SW_INS_NOT_SUPPORTED,
  SW_OK,
  SW_WRONG_DATA,
  SW_WRONG_LENGTH,
  type Token2Algorithm,
  type Token2DisplayTimeout,
} from '../protocol/token2/token2-apdus.js';
import { TOKEN2_DEVICE_KEY, unpadIso9797M2 } from '../protocol/token2/token2-crypto.js';
import { token2ModelByName, token2ModelForSerial } from '../protocol/token2/token2-models.js';
import type { CardEmulator } from './card-emulator.js';
import { openSecureCommand, Token2AuthState, type Token2Lockout } from './token2/token2-auth-state.js';
import { parseToken2Command, reply } from './token2/token2-command.js';
import { DeviceClock, displayTotp } from './token2/token2-display.js';
import { TearTrigger, type TearMatch, type TearOptions } from './tear-trigger.js';
import { parseToken2Config } from './token2/parse-token2-config.js';

export interface Token2TokenEmulatorOptions {
  /** ASCII serial. Default: the `model`'s prefix + `0000001`, else `86596220000001` (OTPC-P2-i, as openT2OTP). */
  serial?: string;
  /** Product name from `TOKEN2_MODELS` (e.g. `'C302-i'`); picks the default serial and `restrictedSync`. */
  model?: string;
  /** SM4 key the token checks. Default `TOKEN2_DEVICE_KEY`. */
  key?: Buffer;
  /** Host clock in ms; drives the token's RTC. Default `Date.now`. */
  clock?: () => number;
  /** Challenge source. Default `crypto.randomBytes`. */
  random?: (n: number) => Buffer;
  /** True: a config/time write erases the seed. Default: from the model table; true for an unknown prefix. */
  restrictedSync?: boolean;
  /** Wrong-auth behaviour. Default `null` (openT2OTP core: `6983`, no counter). */
  lockout?: Token2Lockout;
  /** True (default): a config write ends the authenticated session, so the seed needs a fresh auth. */
  reauthAfterConfig?: boolean;
  /** Device clock before the first config write, Unix seconds. Default: the host clock. */
  initialDeviceTime?: number;
}

/** What the token holds, for tests. The seed itself never leaves the emulator. */
export interface Token2TokenState {
  seedPresent: boolean;
  seedLength: number;
  algorithm: Token2Algorithm;
  period: number;
  displayTimeout: Token2DisplayTimeout;
  /** Device clock now, Unix seconds. */
  deviceTime: number;
  authenticated: boolean;
  /** Null when the token keeps no counter. */
  triesLeft: number | null;
  blocked: boolean;
}

/** Single-profile tokens show 6 digits (no digits TLV in the firmware). */
const DISPLAY_DIGITS = 6;
const DEFAULT_ATR = Buffer.from('3b8980018073c821008b0c5c', 'hex');
const DEFAULT_SERIAL = '86596220000001';

/**
 * A single-profile Token2 NFC token (token-hardware.md §2.2): get-info, challenge/auth, MACed config and seed
 * writes, the seed erased by a config write on restricted-sync models, and the TOTP its display shows.
 * Status words follow Token2's firmware core: `6983` wrong auth/MAC/not authenticated, `6A80` bad padding or TLV,
 * `6700` bad length, `6D00`/`6E00` unknown INS/CLA.
 */
export class Token2TokenEmulator implements CardEmulator {
  readonly atr = DEFAULT_ATR;
  readonly serial: string;
  readonly #sm4: Sm4;
  readonly #clock: () => number;
  readonly #random: (n: number) => Buffer;
  readonly #restrictedSync: boolean;
  readonly #reauthAfterConfig: boolean;
  readonly #auth: Token2AuthState;
  readonly #tear = new TearTrigger();
  readonly #rtc: DeviceClock;
  #seed: Buffer | null = null;
  #algorithm: Token2Algorithm = 'SHA1';
  #period = 30;
  #displayTimeout: Token2DisplayTimeout = 30;

  constructor(options: Token2TokenEmulatorOptions = {}) {
    const named = options.model === undefined ? null : token2ModelByName(options.model);
    if (options.model !== undefined && named === null) throw new RangeError(`unknown Token2 model ${options.model}`);
    this.serial = options.serial ?? (named ? `${named.prefix}0000001` : DEFAULT_SERIAL);
    const model = named ?? token2ModelForSerial(this.serial);
    this.#restrictedSync = options.restrictedSync ?? !(model?.keepsSeedOnTimeSync ?? false);
    this.#reauthAfterConfig = options.reauthAfterConfig ?? true;
    this.#sm4 = new Sm4(options.key ?? TOKEN2_DEVICE_KEY);
    this.#clock = options.clock ?? Date.now;
    this.#random = options.random ?? crypto.randomBytes;
    this.#auth = new Token2AuthState(options.lockout ?? null);
    const now = this.#clock();
    this.#rtc = new DeviceClock(options.initialDeviceTime ?? Math.floor(now / 1000), now);
  }

  reset(): void {
    this.#auth.endSession();
  }

  powerOff(): void {
    this.#auth.endSession();
  }

  /** Arms a one-shot tear: `process` rejects with ERR_CARD_REMOVED on the matching command. */
  tearOnCommand(match: TearMatch, options: TearOptions = {}): void {
    this.#tear.arm(match, options);
  }

  async process(apdu: Buffer): Promise<Buffer> {
    return this.#tear.run(apdu, () => this.#handle(apdu), () => this.#torn());
  }

  /** The code on the display at host instant `atMs` (default now); null with no seed. */
  displayCode(atMs: number = this.#clock()): string | null {
    if (this.#seed === null) return null;
    return displayTotp(this.#seed, this.#algorithm, this.#period, this.#rtc.at(atMs), DISPLAY_DIGITS);
  }

  state(): Token2TokenState {
    return {
      seedPresent: this.#seed !== null,
      seedLength: this.#seed?.length ?? 0,
      algorithm: this.#algorithm,
      period: this.#period,
      displayTimeout: this.#displayTimeout,
      deviceTime: this.#rtc.at(this.#clock()),
      authenticated: this.#auth.authenticated,
      triesLeft: this.#auth.triesLeft,
      blocked: this.#auth.blocked,
    };
  }

  #torn(): DriverError {
    this.powerOff();
    return new DriverError('ERR_CARD_REMOVED', 'the token left the field during the command');
  }

  #handle(apdu: Buffer): Buffer {
    const cmd = parseToken2Command(apdu);
    if (cmd === null) return reply(SW_WRONG_LENGTH);
    if (cmd.cla === CLA_PLAIN) {
      if (cmd.ins === INS_GET_INFO) return this.#info();
      if (cmd.ins === INS_GET_CHALLENGE && cmd.p1 === 0x08) return reply(SW_OK, this.#auth.challenge(this.#random));
      if (cmd.ins === INS_AUTH_FINISH) return reply(this.#auth.finish(this.#sm4, cmd.data));
      return reply(SW_INS_NOT_SUPPORTED);
    }
    if (cmd.cla !== CLA_SECURE) return reply(SW_CLA_NOT_SUPPORTED);
    if (cmd.lc < 4) return reply(SW_WRONG_LENGTH);
    const body = openSecureCommand(this.#sm4, cmd);
    if (body === null) return reply(SW_AUTH_FAILED);
    if (cmd.ins === INS_WRITE_SEED && cmd.p1 === 0x01) return reply(this.#writeSeed(body));
    if (cmd.ins === INS_WRITE_CONFIG) return reply(this.#writeConfig(body));
    return reply(SW_INS_NOT_SUPPORTED);
  }

  /** `000000 ‖ len ‖ serial ‖ 0000 ‖ UTC u32 BE` (header and separator opaque; openT2OTP sends zeros). */
  #info(): Buffer {
    const serial = Buffer.from(this.serial, 'latin1');
    const time = Buffer.alloc(4);
    time.writeUInt32BE(this.#rtc.at(this.#clock()) >>> 0);
    return reply(SW_OK, Buffer.concat([Buffer.from([0, 0, 0, serial.length]), serial, Buffer.from([0, 0]), time]));
  }

  #writeSeed(body: Buffer): number {
    if (!this.#auth.authenticated) return SW_AUTH_FAILED;
    if (body.length === 0 || body.length % 16 !== 0 || body.length > 64) return SW_WRONG_DATA;
    const seed = unpadIso9797M2(this.#sm4.decryptEcb(body));
    if (seed === null || seed.length === 0 || seed.length > 63) return SW_WRONG_DATA;
    this.#seed = Buffer.from(seed);
    return SW_OK;
  }

  #writeConfig(body: Buffer): number {
    if (!this.#auth.authenticated) return SW_AUTH_FAILED;
    const config = parseToken2Config(body, false);
    if (config === null) return SW_WRONG_DATA;
    this.#algorithm = config.algorithm;
    this.#period = config.period;
    this.#displayTimeout = config.displayTimeout;
    this.#rtc.set(config.time, this.#clock());
    if (this.#restrictedSync) this.#seed = null;
    if (this.#reauthAfterConfig) this.#auth.endSession();
    return SW_OK;
  }
}
