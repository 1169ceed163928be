// SPDX-License-Identifier: UNLICENSED
/**
 * An emulated YubiKey (or Nitrokey 3) holding the YKOATH application, as a `CardEmulator`: reachable in
 * process (`createEmulatedConnection`) or through real pcscd (`attachToVpcd`), where ykman drives it.
 *
 * Card-level behaviour (the applet's is in `oath-applet.ts`):
 * - APDUs are parsed as short or extended; a length that does not add up is 6700, CLA ≠ 00 is 6E00.
 * - SELECT of the OATH AID answers version and salt; any other AID is 6A82 and deselects OATH (ykman
 *   probes several). Commands without the applet selected are 6D00.
 * - Replies longer than `maxResponseLength` are split: the first part with `61xx` (xx = bytes left,
 *   00 for 256 or more), the rest on SEND REMAINING (`00 A5 00 00 00`); any other command drops them.
 * - Replies come on a later tick (`latencyMs`); an overlapping `process` is rejected (`ERR_PROTOCOL`).
 * - `tearOnCommand` makes a chosen command reject with `ERR_CARD_REMOVED`, before or after its write.
 */
import { randomBytes } from 'node:crypto';
import { DriverError } from '../core/errors.js';
import { SW } from '../core/sw.js';
import { INS_SELECT, INS_SEND_REMAINING, OATH_AID, P1_SELECT_BY_AID } from '../protocol/ykoath-constants.js';
import type { CardEmulator } from './card-emulator.js';
import { OathApplet, type OathCardCredential } from './oath-applet.js';
import { TearTrigger, type TearMatch, type TearOptions } from './tear-trigger.js';

export type { OathCardCredential } from './oath-applet.js';

/** YubiKey 5 ATRs: over NFC (ATR[1] high nibble ≠ F, so ykman says NFC) and over USB CCID (§1.8). */
export const YUBIKEY_NFC_ATR = Buffer.from('3b8d80018073c021c057597562694b6579f9', 'hex');
export const YUBIKEY_USB_ATR = Buffer.from('3bfd1300008131fe158073c021c057597562694b657940', 'hex');

export interface OathCardEmulatorOptions {
  /** Firmware version reported by SELECT. Default `[5, 4, 3]` (RENAME from 5.3.1, SHA-512 from 4.3.1). */
  version?: readonly [number, number, number];
  /** Password set at manufacture (PBKDF2 over `salt`, as ykman would). Default none. */
  password?: string;
  /** The 8-byte device name / PBKDF2 salt. Default random. RESET draws a new one from `random`. */
  salt?: Buffer;
  /** Source of SELECT challenges and new salts. Default node:crypto; inject for deterministic transcripts. */
  random?: (n: number) => Buffer;
  /**
   * Touch for credentials that require it: `'accept'` (default), `'timeout'` (answers 6985) or a function
   * deciding per credential id (may be async, to model the user's delay).
   */
  touch?: 'accept' | 'timeout' | ((id: Buffer) => boolean | Promise<boolean>);
  /** Credential slots. Default 32 (YubiKey 5 before 5.7). Full → 6A84. */
  capacity?: number;
  /** Longest reply data sent at once before `61xx` chaining. Default 256. */
  maxResponseLength?: number;
  /** Delay before each reply, in ms. Default 0 (next tick). */
  latencyMs?: number;
  /** Default `YUBIKEY_NFC_ATR`. */
  atr?: Buffer;
}

const sw = (word: number, data: Buffer = Buffer.alloc(0)): Buffer => Buffer.concat([data, Buffer.from([word >> 8, word & 0xff])]);

export class OathCardEmulator implements CardEmulator {
  readonly atr: Buffer;
  readonly #applet: OathApplet;
  readonly #maxResponse: number;
  readonly #latencyMs: number;
  #selected = false;
  #pending: Buffer | null = null;
  #busy = false;
  readonly #tear = new TearTrigger();

  constructor(options: OathCardEmulatorOptions = {}) {
    const random = options.random ?? ((n: number) => randomBytes(n));
    const touch = options.touch ?? 'accept';
    this.atr = Buffer.from(options.atr ?? YUBIKEY_NFC_ATR);
    this.#maxResponse = options.maxResponseLength ?? 256;
    this.#latencyMs = options.latencyMs ?? 0;
    this.#applet = new OathApplet({
      version: options.version ?? [5, 4, 3],
      salt: options.salt ?? random(8),
      capacity: options.capacity ?? 32,
      random,
      touch: typeof touch === 'function' ? touch : () => touch === 'accept',
    });
    if (options.password !== undefined) this.#applet.setPassword(options.password);
  }

  /** The credentials on the card, in device order (copies). */
  credentials(): OathCardCredential[] {
    return this.#applet.credentials();
  }

  /** One credential by id (UTF-8 string or bytes), or undefined. */
  credential(id: string | Buffer): OathCardCredential | undefined {
    const bytes = typeof id === 'string' ? Buffer.from(id, 'utf8') : id;
    return this.credentials().find((c) => c.id.equals(bytes));
  }

  get hasPassword(): boolean {
    return this.#applet.hasPassword;
  }

  get salt(): Buffer {
    return this.#applet.salt;
  }

  /**
   * Tears one future command: the `n`-th `process` call from now (1 = the next), or the first command
   * `predicate` accepts. That call rejects with `ERR_CARD_REMOVED` and the card loses power.
   */
  tearOnCommand(when: TearMatch, options: TearOptions = {}): void {
    this.#tear.arm(when, options);
  }

  reset(): void {
    this.powerOff();
  }

  powerOff(): void {
    this.#selected = false;
    this.#pending = null;
    this.#applet.deselect();
  }

  async process(apdu: Buffer): Promise<Buffer> {
    if (this.#busy) throw new DriverError('ERR_PROTOCOL', 'overlapping command: the card processes one APDU at a time');
    this.#busy = true;
    try {
      await new Promise<void>((resolve) => (this.#latencyMs > 0 ? setTimeout(resolve, this.#latencyMs) : setImmediate(resolve)));
      return await this.#tear.run(apdu, () => this.#dispatch(Buffer.from(apdu)), () => this.#removed());
    } finally {
      this.#busy = false;
    }
  }

  #removed(): DriverError {
    this.powerOff();
    return new DriverError('ERR_CARD_REMOVED', 'the emulated card was removed during the command');
  }

  async #dispatch(apdu: Buffer): Promise<Buffer> {
    if (apdu.length < 4) return sw(SW.WRONG_LENGTH);
    const [cla = 0, ins = 0, p1 = 0, p2 = 0] = apdu;
    const data = commandData(apdu);
    if (data === null) return sw(SW.WRONG_LENGTH);
    if (cla !== 0) return sw(SW.CLASS_NOT_SUPPORTED);
    if (ins === INS_SEND_REMAINING) return this.#sendRemaining();
    this.#pending = null;
    if (ins === INS_SELECT && p1 === P1_SELECT_BY_AID) {
      this.#selected = data.equals(OATH_AID);
      return this.#selected ? this.#chunk(this.#applet.select(), SW.OK) : sw(SW.FILE_NOT_FOUND);
    }
    if (!this.#selected) return sw(SW.INVALID_INSTRUCTION);
    const reply = await this.#applet.command(ins, p1, p2, data);
    return this.#chunk(reply.data, reply.sw);
  }

  #sendRemaining(): Buffer {
    const pending = this.#pending;
    if (!this.#selected || pending === null) return sw(SW.CONDITIONS_NOT_SATISFIED);
    this.#pending = null;
    return this.#chunk(pending, SW.OK);
  }

  #chunk(data: Buffer, word: number): Buffer {
    if (word !== SW.OK || data.length <= this.#maxResponse) return sw(word, data);
    this.#pending = data.subarray(this.#maxResponse);
    const left = this.#pending.length;
    return sw((SW.MORE_DATA_SW1 << 8) | (left >= 256 ? 0 : left), data.subarray(0, this.#maxResponse));
  }
}

/** The data field of a short or extended command APDU, or null when Lc and the length disagree. */
function commandData(apdu: Buffer): Buffer | null {
  if (apdu.length <= 5) return Buffer.alloc(0);
  const lc = apdu[4] ?? 0;
  if (lc !== 0) return apdu.length === 5 + lc || apdu.length === 6 + lc ? apdu.subarray(5, 5 + lc) : null;
  if (apdu.length === 7) return Buffer.alloc(0);
  if (apdu.length < 7) return null;
  const elc = apdu.readUInt16BE(5);
  return apdu.length === 7 + elc || apdu.length === 9 + elc ? apdu.subarray(7, 7 + elc) : null;
}
