// SPDX-License-Identifier: UNLICENSED
/**
 * The YKOATH applet state machine behind `OathCardEmulator` (token-hardware.md §1): credentials, the
 * password, and one handler per instruction. It sees commands after the card has parsed the APDU and
 * routed SELECT; response chaining, tearing and timing are the card's business.
 *
 * Status words (§1.5, §1.6): 6982 auth required, 6984 no such credential / wrong response / no password,
 * 6A80 bad syntax (missing tag, key under 14 bytes or over the HMAC block, bad type, digits or name),
 * 6A84 full, 6985 touch refused, 6B00 wrong P1/P2, 6D00 unknown (or too new for this version) INS.
 */
import { createHmac, pbkdf2Sync } from 'node:crypto';
import { bytesEqual, u64be } from '../core/bytes.js';
import { DriverError } from '../core/errors.js';
import { SW } from '../core/sw.js';
import { encodeTlv, parseTlvAt, tlvMap } from '../core/tlv.js';
import {
  ALGORITHM_CODES, CHALLENGE_LENGTH, HMAC_BLOCK_SIZE, HMAC_MINIMUM_KEY_SIZE, INS_CALCULATE, INS_CALCULATE_ALL, INS_DELETE,
  INS_LIST, INS_PUT, INS_RENAME, INS_RESET, INS_SET_CODE, INS_VALIDATE, MASK_ALGO, MASK_TYPE, MAX_NAME_LENGTH, P1_RESET,
  P2_RESET, P2_TRUNCATED, PASSWORD_KEY_LENGTH, PASSWORD_PBKDF2_ITERATIONS, PROP_REQUIRE_TOUCH, RENAME_MIN_VERSION,
  SHA512_MIN_VERSION, TAG_ALGORITHM, TAG_CHALLENGE, TAG_HOTP, TAG_IMF, TAG_KEY, TAG_NAME, TAG_NAME_LIST, TAG_PROPERTY,
  TAG_RESPONSE, TAG_TOUCH, TAG_TRUNCATED, TAG_VERSION, TYPE_CODES, algorithmFromCode, typeFromCode,
  versionAtLeast, type OathAlgorithm, type OathType,
} from '../protocol/ykoath-constants.js';

/** A credential as stored on the emulated card (a copy; changing it changes nothing). */
export interface OathCardCredential {
  id: Buffer;
  type: OathType;
  algorithm: OathAlgorithm;
  digits: number;
  /** The key exactly as PUT sent it (already padded or hashed by the host). */
  key: Buffer;
  /** The raw property byte (`0x02` = touch). */
  properties: number;
  touch: boolean;
  /** HOTP moving factor: the counter the next CALCULATE uses. 0 for TOTP. */
  counter: number;
}

export interface OathReply {
  data: Buffer;
  sw: number;
}

export interface OathAppletOptions {
  version: readonly [number, number, number];
  salt: Buffer;
  capacity: number;
  random: (n: number) => Buffer;
  /** Decides a touch for `id`; false means the user did not touch in time. */
  touch: (id: Buffer) => boolean | Promise<boolean>;
}

const reply = (sw: number, data: Buffer = Buffer.alloc(0)): OathReply => ({ data, sw });
class SwError extends Error {
  constructor(readonly sw: number) {
    super(`SW ${sw.toString(16)}`);
  }
}
const fail = (sw: number): never => {
  throw new SwError(sw);
};

function hmac(algorithm: OathAlgorithm, key: Buffer, message: Buffer): Buffer {
  return createHmac(algorithm.toLowerCase(), key).update(message).digest();
}

/** RFC 4226 §5.3 dynamic truncation: the 4 bytes at offset `hmac[last] & 0x0F`, top bit not cleared (§1.6). */
function truncate(mac: Buffer): Buffer {
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  return mac.subarray(offset, offset + 4);
}

export class OathApplet {
  readonly #options: OathAppletOptions;
  #salt: Buffer;
  #credentials: OathCardCredential[] = [];
  #password: { algorithm: OathAlgorithm; key: Buffer } | null = null;
  /** Volatile: validated in this selection, and the challenge the last SELECT sent. */
  #authenticated = false;
  #challenge: Buffer | null = null;

  constructor(options: OathAppletOptions) {
    this.#options = options;
    this.#salt = Buffer.from(options.salt);
  }

  get salt(): Buffer {
    return Buffer.from(this.#salt);
  }

  get hasPassword(): boolean {
    return this.#password !== null;
  }

  credentials(): OathCardCredential[] {
    return this.#credentials.map((c) => ({ ...c, id: Buffer.from(c.id), key: Buffer.from(c.key) }));
  }

  /** Sets the password as a host would (PBKDF2 over the current salt), without APDUs. */
  setPassword(password: string): void {
    const key = pbkdf2Sync(Buffer.from(password, 'utf8'), this.#salt, PASSWORD_PBKDF2_ITERATIONS, PASSWORD_KEY_LENGTH, 'sha1');
    this.#password = { algorithm: 'SHA1', key };
  }

  /** Power loss or deselect: authentication and the SELECT challenge are forgotten. */
  deselect(): void {
    this.#authenticated = false;
    this.#challenge = null;
  }

  /** The SELECT reply: `79 03 <version> 71 08 <salt> [74 08 <challenge> 7B 01 <algorithm>]` (§1.1). */
  select(): Buffer {
    this.deselect();
    const parts = [encodeTlv(TAG_VERSION, Buffer.from(this.#options.version)), encodeTlv(TAG_NAME, this.#salt)];
    if (this.#password) {
      this.#challenge = this.#options.random(CHALLENGE_LENGTH);
      parts.push(encodeTlv(TAG_CHALLENGE, this.#challenge), encodeTlv(TAG_ALGORITHM, Buffer.from([ALGORITHM_CODES[this.#password.algorithm]])));
    } else {
      this.#authenticated = true;
    }
    return Buffer.concat(parts);
  }

  /** One command after SELECT. `data` is the command data field. */
  async command(ins: number, p1: number, p2: number, data: Buffer): Promise<OathReply> {
    try {
      const p1p2 = (p1 << 8) | p2;
      const expectP1P2 = (ok: boolean): void => void (ok || fail(SW.WRONG_PARAMETERS_P1P2));
      const known = [INS_PUT, INS_DELETE, INS_SET_CODE, INS_RESET, INS_LIST, INS_CALCULATE, INS_VALIDATE, INS_CALCULATE_ALL];
      if (versionAtLeast(this.#options.version, RENAME_MIN_VERSION)) known.push(INS_RENAME);
      if (!known.includes(ins)) return reply(SW.INVALID_INSTRUCTION);
      if (ins !== INS_VALIDATE && ins !== INS_RESET && !this.#authenticated) return reply(SW.SECURITY_CONDITION_NOT_SATISFIED);
      if (ins === INS_CALCULATE || ins === INS_CALCULATE_ALL) expectP1P2(p1 === 0 && (p2 === 0 || p2 === P2_TRUNCATED));
      else if (ins === INS_RESET) expectP1P2(p1 === P1_RESET && p2 === P2_RESET);
      else expectP1P2(p1p2 === 0);
      switch (ins) {
        case INS_PUT: return this.#put(data);
        case INS_DELETE: return this.#delete(data);
        case INS_SET_CODE: return this.#setCode(data);
        case INS_RESET: return this.#reset();
        case INS_LIST: return this.#list();
        case INS_CALCULATE: return await this.#calculate(data, p2 === P2_TRUNCATED);
        case INS_VALIDATE: return this.#validate(data);
        case INS_CALCULATE_ALL: return this.#calculateAll(data, p2 === P2_TRUNCATED);
        default: return this.#rename(data);
      }
    } catch (err) {
      if (err instanceof SwError) return reply(err.sw);
      // Malformed TLVs in the command (tlv.ts throws these for a reply; here the command is at fault).
      if (err instanceof DriverError && (err.code === 'ERR_TRUNCATED_RESPONSE' || err.code === 'ERR_PROTOCOL')) return reply(SW.INCORRECT_PARAMETERS);
      throw err;
    }
  }

  #find(id: Buffer): OathCardCredential | undefined {
    return this.#credentials.find((c) => c.id.equals(id));
  }

  #name(data: Buffer, offset: number): { id: Buffer; end: number } {
    const tlv = parseTlvAt(data, offset);
    if (tlv.tag !== TAG_NAME || tlv.value.length === 0 || tlv.value.length > MAX_NAME_LENGTH) fail(SW.INCORRECT_PARAMETERS);
    return { id: Buffer.from(tlv.value), end: tlv.end };
  }

  /** `71 <id> 73 <len> <type|algo> <digits> <key> [78 <prop>] [7A 04 <imf>]` (§1.5). */
  #put(data: Buffer): OathReply {
    const { id, end } = this.#name(data, 0);
    const key = parseTlvAt(data, end);
    const [typeAlgo, digits] = key.value;
    if (key.tag !== TAG_KEY || typeAlgo === undefined || digits === undefined) return fail(SW.INCORRECT_PARAMETERS);
    const type = typeFromCode(typeAlgo & MASK_TYPE);
    const algorithm = algorithmFromCode(typeAlgo & MASK_ALGO);
    const secret = Buffer.from(key.value.subarray(2));
    if (!type || !algorithm || (algorithm === 'SHA512' && !versionAtLeast(this.#options.version, SHA512_MIN_VERSION))) return fail(SW.INCORRECT_PARAMETERS);
    if (digits < 6 || digits > 8 || secret.length < HMAC_MINIMUM_KEY_SIZE || secret.length > HMAC_BLOCK_SIZE[algorithm]) return fail(SW.INCORRECT_PARAMETERS);
    let properties = 0;
    let counter = 0;
    for (let offset = key.end; offset < data.length;) {
      if (data[offset] === TAG_PROPERTY) {
        properties = data[offset + 1] ?? fail(SW.INCORRECT_PARAMETERS);
        offset += 2;
        continue;
      }
      const tlv = parseTlvAt(data, offset);
      if (tlv.tag !== TAG_IMF || tlv.value.length !== 4) fail(SW.INCORRECT_PARAMETERS);
      counter = type === 'HOTP' ? tlv.value.readUInt32BE(0) : 0;
      offset = tlv.end;
    }
    const credential: OathCardCredential = { id, type, algorithm, digits, key: secret, properties, touch: (properties & PROP_REQUIRE_TOUCH) !== 0, counter };
    const index = this.#credentials.findIndex((c) => c.id.equals(id));
    if (index >= 0) this.#credentials[index] = credential;
    else if (this.#credentials.length >= this.#options.capacity) return reply(SW.NO_SPACE);
    else this.#credentials.push(credential);
    return reply(SW.OK);
  }

  #delete(data: Buffer): OathReply {
    const { id } = this.#name(data, 0);
    if (!this.#find(id)) return reply(SW.DATA_INVALID);
    this.#credentials = this.#credentials.filter((c) => !c.id.equals(id));
    return reply(SW.OK);
  }

  #rename(data: Buffer): OathReply {
    const from = this.#name(data, 0);
    const to = this.#name(data, from.end);
    const credential = this.#find(from.id);
    if (!credential) return reply(SW.DATA_INVALID);
    if (this.#find(to.id)) return reply(SW.INCORRECT_PARAMETERS);
    credential.id = to.id;
    return reply(SW.OK);
  }

  /** `73 00` clears; else `73 <type|algo> <key> 74 <challenge> 75 <HMAC(key, challenge)>` (§1.7). */
  #setCode(data: Buffer): OathReply {
    const key = parseTlvAt(data, 0);
    if (key.tag !== TAG_KEY) return fail(SW.INCORRECT_PARAMETERS);
    if (key.value.length === 0) {
      this.#password = null;
      return reply(SW.OK);
    }
    const algorithm = algorithmFromCode((key.value[0] ?? 0) & MASK_ALGO);
    const secret = Buffer.from(key.value.subarray(1));
    const rest = tlvMap(data.subarray(key.end));
    const challenge = rest.get(TAG_CHALLENGE);
    const response = rest.get(TAG_RESPONSE);
    if (!algorithm || algorithm === 'SHA512' || secret.length === 0 || !challenge || !response) return fail(SW.INCORRECT_PARAMETERS);
    if (!bytesEqual(response, hmac(algorithm, secret, challenge))) return reply(SW.DATA_INVALID);
    this.#password = { algorithm, key: secret };
    return reply(SW.OK);
  }

  /** `75 <HMAC(key, select challenge)> 74 <host challenge>` → `75 <HMAC(key, host challenge)>` (§1.7). */
  #validate(data: Buffer): OathReply {
    const fields = tlvMap(data);
    const response = fields.get(TAG_RESPONSE);
    const hostChallenge = fields.get(TAG_CHALLENGE);
    if (!response || !hostChallenge || hostChallenge.length < CHALLENGE_LENGTH) return fail(SW.INCORRECT_PARAMETERS);
    const password = this.#password;
    const challenge = this.#challenge;
    if (!password || !challenge) return reply(SW.DATA_INVALID);
    if (!bytesEqual(response, hmac(password.algorithm, password.key, challenge))) {
      this.#authenticated = false;
      return reply(SW.DATA_INVALID);
    }
    this.#authenticated = true;
    this.#challenge = null;
    return reply(SW.OK, encodeTlv(TAG_RESPONSE, hmac(password.algorithm, password.key, hostChallenge)));
  }

  /** Wipes credentials and password; a new salt (§1.7). */
  #reset(): OathReply {
    this.#credentials = [];
    this.#password = null;
    this.#salt = this.#options.random(8);
    this.#authenticated = true;
    this.#challenge = null;
    return reply(SW.OK);
  }

  #list(): OathReply {
    const typeAlgo = (c: OathCardCredential): number => TYPE_CODES[c.type] | ALGORITHM_CODES[c.algorithm];
    return reply(SW.OK, Buffer.concat(this.#credentials.map((c) => encodeTlv(TAG_NAME_LIST, Buffer.concat([Buffer.from([typeAlgo(c)]), c.id])))));
  }

  #code(c: OathCardCredential, message: Buffer, truncated: boolean): Buffer {
    const mac = hmac(c.algorithm, c.key, message);
    return truncated ? encodeTlv(TAG_TRUNCATED, Buffer.concat([Buffer.from([c.digits]), truncate(mac)])) : encodeTlv(TAG_RESPONSE, Buffer.concat([Buffer.from([c.digits]), mac]));
  }

  /** `71 <id> 74 <challenge>`; HOTP ignores the challenge and uses, then advances, its counter (§1.6). */
  async #calculate(data: Buffer, truncated: boolean): Promise<OathReply> {
    const { id, end } = this.#name(data, 0);
    const challenge = parseTlvAt(data, end);
    if (challenge.tag !== TAG_CHALLENGE) return fail(SW.INCORRECT_PARAMETERS);
    const credential = this.#find(id);
    if (!credential) return reply(SW.DATA_INVALID);
    if (credential.touch && !(await this.#options.touch(id))) return reply(SW.CONDITIONS_NOT_SATISFIED);
    if (credential.type === 'TOTP') return reply(SW.OK, this.#code(credential, Buffer.from(challenge.value), truncated));
    const message = u64be(credential.counter);
    credential.counter += 1;
    return reply(SW.OK, this.#code(credential, message, truncated));
  }

  /** `74 <challenge>` → per credential `71 <id>` and 76/75 (TOTP), 77 (HOTP) or 7C (touch) (§1.6). */
  #calculateAll(data: Buffer, truncated: boolean): OathReply {
    const challenge = parseTlvAt(data, 0);
    if (challenge.tag !== TAG_CHALLENGE) return fail(SW.INCORRECT_PARAMETERS);
    const parts = this.#credentials.flatMap((c) => {
      const digits = Buffer.from([c.digits]);
      const result = c.type === 'HOTP' ? encodeTlv(TAG_HOTP, digits)
        : c.touch ? encodeTlv(TAG_TOUCH, digits)
        : this.#code(c, Buffer.from(challenge.value), truncated);
      return [encodeTlv(TAG_NAME, c.id), result];
    });
    return reply(SW.OK, Buffer.concat(parts));
  }
}
