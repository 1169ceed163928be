// SPDX-License-Identifier: UNLICENSED
/**
 * `OathSession`: the YKOATH application (YubiKey OATH, Nitrokey 3 Secrets App) over a smart-card
 * connection, modelled on yubikit `oath.py`. Byte layouts are in token-hardware.md §1; the comments
 * below cite the section.
 *
 * Contracts:
 * - Commands are sent as short APDUs exactly as ykman 4.0.9 sends them (§1.9); `61xx` replies are
 *   collected with SEND REMAINING (`00 A5 00 00 00`, §1.8).
 * - Operations on one session run one at a time, in call order (a second call waits for the first).
 * - A password-protected applet answers `6982` until `unlock()`; that is thrown as `ERR_AUTH_REQUIRED`.
 *   A wrong password is `AuthFailedError` (attemptsRemaining null: YKOATH does not count).
 * - Other refused commands throw `ApduError` with the SW. Secrets go to the traffic log masked only.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { bytesEqual, padRight, u32be, u64be } from '../core/bytes.js';
import { ApduError, AuthFailedError, DriverError } from '../core/errors.js';
import { SW } from '../core/sw.js';
import { encodeTlv, parseTlvs, tlvMap, unpackTlv } from '../core/tlv.js';
import type { TrafficLogger } from '../core/traffic-log.js';
import { checkSw } from '../transport/check-sw.js';
import { encodeApdu } from '../transport/encode-apdu.js';
import { SendRemainingConnection } from '../transport/send-remaining-connection.js';
import type { SmartCardConnection } from '../transport/smartcard-connection.js';
import { withTrafficLog } from '../transport/with-traffic-log.js';
import { formatCredentialId, parseCredentialId } from './oath-credential-id.js';
import { OATH_TRAFFIC_MASKER } from './oath-traffic-masker.js';
import {
  ALGORITHM_CODES, CHALLENGE_LENGTH, DEFAULT_PERIOD, HMAC_BLOCK_SIZE, HMAC_MINIMUM_KEY_SIZE, INS_CALCULATE,
  INS_CALCULATE_ALL, INS_DELETE, INS_LIST, INS_PUT, INS_RENAME, INS_RESET, INS_SELECT, INS_SET_CODE, INS_VALIDATE,
  MASK_ALGO, MASK_TYPE, MAX_NAME_LENGTH, OATH_AID, P1_RESET, P1_SELECT_BY_AID, P2_RESET, P2_TRUNCATED,
  PASSWORD_KEY_LENGTH, PASSWORD_PBKDF2_ITERATIONS, PROP_REQUIRE_TOUCH, RENAME_MIN_VERSION, SHA512_MIN_VERSION,
  TAG_ALGORITHM, TAG_CHALLENGE, TAG_HOTP, TAG_IMF, TAG_KEY, TAG_NAME, TAG_NAME_LIST, TAG_PROPERTY, TAG_RESPONSE,
  TAG_TOUCH, TAG_TRUNCATED, TAG_VERSION, TOUCH_MIN_VERSION, TYPE_CODES, TYPE_TOTP, algorithmFromCode, typeFromCode,
  versionAtLeast, type OathAlgorithm, type OathType,
} from './ykoath-constants.js';

export type { OathAlgorithm, OathType } from './ykoath-constants.js';

export interface OathSessionOptions {
  /** Source of host challenges (`bytes(n)`, e.g. the agent's Random). Default node:crypto. */
  random?: { bytes(n: number): Buffer };
  /** Time for TOTP when a call gives none (`now()` in ms, e.g. the agent's Clock). Default `Date.now`. */
  clock?: { now(): number };
  /** Raw APDU log; secrets are masked by `OATH_TRAFFIC_MASKER`. Default: no traffic log. */
  traffic?: TrafficLogger;
}

/** A credential to write with `putCredential`. */
export interface OathCredentialSpec {
  type: OathType;
  /** Default SHA1. SHA512 needs firmware ≥ 4.3.1. */
  algorithm?: OathAlgorithm;
  /** 6–8, default 6. */
  digits?: number;
  /** TOTP step in seconds, default 30; other periods are kept in the id as `<period>/` (§1.5). */
  period?: number;
  name: string;
  issuer?: string | null;
  /** The raw HMAC key (not base32). Longer than the block size: hashed; shorter than 14 bytes: zero-padded. */
  secret: Buffer;
  /** HOTP initial counter (IMF), default 0; sent only when > 0, as yubikit does. */
  counter?: number;
  /** Require a touch for each code (firmware ≥ 4.2.4). Default false. */
  touch?: boolean;
}

/** A credential as the device describes it. Fields the command did not reveal are null. */
export interface OathCredential {
  /** The on-device id `[period/][issuer:]name` (§1.5). */
  id: Buffer;
  issuer: string | null;
  name: string;
  type: OathType;
  /** Known from LIST and PUT; null from CALCULATE ALL. */
  algorithm: OathAlgorithm | null;
  /** TOTP seconds parsed from the id; 0 for HOTP. */
  period: number;
  /** Known from CALCULATE ALL and PUT; null from LIST. */
  touchRequired: boolean | null;
}

/** What `calculate` needs to know about a credential. */
export type OathCredentialRef = Pick<OathCredential, 'id' | 'type' | 'period'>;

export interface OathCode {
  value: string;
  /** Unix ms the code is valid from (TOTP: step start; HOTP: the time asked). */
  validFrom: number;
  /** Unix ms the code stops being valid (TOTP: next step; HOTP: Infinity). */
  validTo: number;
}

export interface OathCalculation {
  credential: OathCredential;
  /** Null for HOTP and touch-required credentials, which CALCULATE ALL does not compute. */
  code: OathCode | null;
}

/** What SELECT tells about the applet (§1.1). */
export interface OathSelectInfo {
  version: readonly [number, number, number];
  /** The 0x71 device name, used as the PBKDF2 salt. */
  salt: Buffer;
  /** ykman's device id: base64(sha256(salt)[:16]) without padding. */
  deviceId: string;
  /** True when the applet has a password (SELECT sent a challenge). */
  hasPassword: boolean;
}

/** `PBKDF2-HMAC-SHA1(utf8(password), salt, 1000, 16)` (§1.7). */
export function deriveOathKey(password: string, salt: Buffer): Buffer {
  return pbkdf2Sync(Buffer.from(password, 'utf8'), salt, PASSWORD_PBKDF2_ITERATIONS, PASSWORD_KEY_LENGTH, 'sha1');
}

/** The code in a truncated response `<digits> <4 bytes>` (§1.6): `(u32be & 0x7FFFFFFF) mod 10^digits`, zero-padded. */
export function formatTruncatedCode(truncated: Buffer): string {
  const digits = truncated[0];
  if (digits === undefined || truncated.length !== 5) throw new DriverError('ERR_PROTOCOL', `truncated response of ${truncated.length} bytes, expected 5`);
  return String((truncated.readUInt32BE(1) & 0x7fffffff) % 10 ** digits).padStart(digits, '0');
}

/** The key as yubikit sends it: hashed when longer than the HMAC block, then zero-padded to 14 bytes (§1.5). */
export function prepareOathKey(secret: Buffer, algorithm: OathAlgorithm): Buffer {
  const shortened = secret.length > HMAC_BLOCK_SIZE[algorithm] ? createHash(algorithm.toLowerCase()).update(secret).digest() : secret;
  return padRight(shortened, HMAC_MINIMUM_KEY_SIZE);
}

function deviceIdOf(salt: Buffer): string {
  return createHash('sha256').update(salt).digest().subarray(0, 16).toString('base64').replace(/=+$/, '');
}

function hmacName(algorithmCode: number): string {
  return (algorithmFromCode(algorithmCode) ?? 'SHA1').toLowerCase();
}

export class OathSession {
  readonly #conn: SmartCardConnection;
  readonly #random: { bytes(n: number): Buffer };
  readonly #clock: { now(): number };
  #queue: Promise<unknown> = Promise.resolve();
  #info: OathSelectInfo | null = null;
  /** The SELECT challenge while the applet is locked; null once validated or when there is no password. */
  #challenge: Buffer | null = null;
  #passwordAlgorithm = ALGORITHM_CODES.SHA1;

  constructor(connection: SmartCardConnection, options: OathSessionOptions = {}) {
    const logged = options.traffic ? withTrafficLog(connection, options.traffic, OATH_TRAFFIC_MASKER) : connection;
    this.#conn = new SendRemainingConnection(logged);
    this.#random = options.random ?? { bytes: (n) => randomBytes(n) };
    this.#clock = options.clock ?? { now: () => Date.now() };
  }

  /** A session on `connection` with the OATH application selected. */
  static async open(connection: SmartCardConnection, options: OathSessionOptions = {}): Promise<OathSession> {
    const session = new OathSession(connection, options);
    await session.select();
    return session;
  }

  /** What the last SELECT reported; throws `ERR_PROTOCOL` before `select()`. */
  get info(): OathSelectInfo {
    if (!this.#info) throw new DriverError('ERR_PROTOCOL', 'the OATH application is not selected: call select() or OathSession.open()');
    return this.#info;
  }

  /** True while a password is set and `unlock` has not succeeded in this session. */
  get locked(): boolean {
    return this.#challenge !== null;
  }

  /**
   * SELECT the OATH AID (`00 A4 04 00 07 A0 00 00 05 27 21 01`, no Le) and parse version, salt and, for a
   * protected applet, challenge and algorithm. A card without the applet (`6A82`) is `ERR_UNKNOWN_CARD`.
   */
  select(): Promise<OathSelectInfo> {
    return this.#serial(() => this.#select());
  }

  /** Derives the key from `password` and runs VALIDATE. Resolves at once when the applet is not locked. */
  unlock(password: string): Promise<void> {
    return this.#serial(async () => {
      if (this.#challenge === null) return;
      await this.#validate(deriveOathKey(password, this.info.salt));
    });
  }

  /**
   * VALIDATE (§1.7): sends `75 <HMAC(key, card challenge)> 74 <host challenge>` and checks the card's
   * `75 <HMAC(key, host challenge)>`. Wrong key → `AuthFailedError`; a card that answers with the wrong
   * HMAC → `ERR_PROTOCOL` (it does not hold the key).
   */
  validate(key: Buffer): Promise<void> {
    return this.#serial(() => this.#validate(key));
  }

  /** SET CODE (§1.7) with the key derived from `password`; needs the applet unlocked if it has one. */
  setPassword(password: string): Promise<void> {
    return this.#serial(async () => {
      const key = deriveOathKey(password, this.info.salt);
      const challenge = this.#random.bytes(CHALLENGE_LENGTH);
      const response = createHmac('sha1', key).update(challenge).digest();
      const keyTlv = encodeTlv(TAG_KEY, Buffer.concat([Buffer.from([TYPE_TOTP | ALGORITHM_CODES.SHA1]), key]));
      await this.#send(INS_SET_CODE, 0, 0, Buffer.concat([keyTlv, encodeTlv(TAG_CHALLENGE, challenge), encodeTlv(TAG_RESPONSE, response)]), 'SET CODE');
      this.#info = { ...this.info, hasPassword: true };
    });
  }

  /** SET CODE with `73 00`: removes the password. */
  clearPassword(): Promise<void> {
    return this.#serial(async () => {
      await this.#send(INS_SET_CODE, 0, 0, encodeTlv(TAG_KEY), 'SET CODE');
      this.#info = { ...this.info, hasPassword: false };
    });
  }

  /**
   * PUT (§1.5): `71 <id> 73 <len> <type|algo> <digits> <key> [78 02] [7A 04 <counter>]`. An existing
   * credential with the same id is replaced. Full device: `ApduError` 6A84.
   */
  putCredential(spec: OathCredentialSpec): Promise<OathCredential> {
    return this.#serial(async () => {
      const algorithm = spec.algorithm ?? 'SHA1';
      const digits = spec.digits ?? 6;
      const period = spec.type === 'TOTP' ? spec.period ?? DEFAULT_PERIOD : 0;
      const counter = spec.counter ?? 0;
      const issuer = spec.issuer ?? null;
      this.#checkSpec(spec, algorithm, digits, period, counter);
      const id = formatCredentialId(spec.type, spec.name, issuer, period);
      if (id.length > MAX_NAME_LENGTH) throw new DriverError('ERR_INVALID_ARGUMENT', `credential id of ${id.length} bytes exceeds ${MAX_NAME_LENGTH}`, { data: { length: id.length } });
      const key = prepareOathKey(spec.secret, algorithm);
      const parts = [
        encodeTlv(TAG_NAME, id),
        encodeTlv(TAG_KEY, Buffer.concat([Buffer.from([TYPE_CODES[spec.type] | ALGORITHM_CODES[algorithm], digits]), key])),
      ];
      if (spec.touch) parts.push(Buffer.from([TAG_PROPERTY, PROP_REQUIRE_TOUCH]));
      if (counter > 0) parts.push(encodeTlv(TAG_IMF, u32be(counter)));
      await this.#send(INS_PUT, 0, 0, Buffer.concat(parts), 'PUT');
      return { id, issuer, name: spec.name, type: spec.type, algorithm, period, touchRequired: spec.touch ?? false };
    });
  }

  /** LIST (§1.6): `72 <len> <type|algo> <id>` per credential, in device order. */
  listCredentials(): Promise<OathCredential[]> {
    return this.#serial(async () => {
      const data = await this.#send(INS_LIST, 0, 0, Buffer.alloc(0), 'LIST');
      return parseTlvs(data).map(({ tag, value }) => {
        const typeAlgo = value[0];
        const type = typeAlgo === undefined ? null : typeFromCode(typeAlgo & MASK_TYPE);
        if (tag !== TAG_NAME_LIST || typeAlgo === undefined || type === null) {
          throw new DriverError('ERR_PROTOCOL', `unexpected LIST entry: tag 0x${tag.toString(16)}, ${value.length} bytes`);
        }
        const id = Buffer.from(value.subarray(1));
        return { id, ...parseCredentialId(id, type), type, algorithm: algorithmFromCode(typeAlgo & MASK_ALGO), touchRequired: null };
      });
    });
  }

  /**
   * CALCULATE with P2=01 (§1.6) for one credential at `timeMs` (default: the clock). TOTP sends the
   * 8-byte big-endian step `floor(t / period)`; HOTP an empty challenge (the device counts). Unknown
   * credential: `ApduError` 6984.
   */
  calculate(credential: OathCredentialRef, timeMs: number = this.#clock.now()): Promise<OathCode> {
    return this.#serial(() => this.#calculate(credential, timeMs));
  }

  /**
   * CALCULATE ALL with P2=01 and the 30 s step (§1.6). TOTP credentials with another period are
   * recomputed with CALCULATE, as ykman does; HOTP and touch credentials get `code: null`.
   */
  calculateAll(timeMs: number = this.#clock.now()): Promise<OathCalculation[]> {
    return this.#serial(async () => {
      const challenge = encodeTlv(TAG_CHALLENGE, u64be(Math.floor(timeMs / 1000 / DEFAULT_PERIOD)));
      const tlvs = parseTlvs(await this.#send(INS_CALCULATE_ALL, 0, P2_TRUNCATED, challenge, 'CALCULATE ALL'));
      const out: OathCalculation[] = [];
      for (let i = 0; i < tlvs.length; i += 2) {
        const name = tlvs[i];
        const reply = tlvs[i + 1];
        if (name?.tag !== TAG_NAME || reply === undefined) throw new DriverError('ERR_PROTOCOL', 'CALCULATE ALL reply is not name/response pairs');
        const type: OathType = reply.tag === TAG_HOTP ? 'HOTP' : 'TOTP';
        const id = Buffer.from(name.value);
        const credential: OathCredential = { id, ...parseCredentialId(id, type), type, algorithm: null, touchRequired: reply.tag === TAG_TOUCH };
        let code: OathCode | null = null;
        if (reply.tag === TAG_TRUNCATED) {
          code = credential.period === DEFAULT_PERIOD ? this.#totpCode(formatTruncatedCode(reply.value), timeMs, DEFAULT_PERIOD) : await this.#calculate(credential, timeMs);
        } else if (reply.tag !== TAG_HOTP && reply.tag !== TAG_TOUCH) {
          throw new DriverError('ERR_PROTOCOL', `unexpected CALCULATE ALL response tag 0x${reply.tag.toString(16)}`);
        }
        out.push({ credential, code });
      }
      return out;
    });
  }

  /** DELETE (`71 <id>`). Resolves false when the device has no such credential (6984), true when deleted. */
  deleteCredential(id: Buffer): Promise<boolean> {
    return this.#serial(async () => {
      try {
        await this.#send(INS_DELETE, 0, 0, encodeTlv(TAG_NAME, id), 'DELETE');
        return true;
      } catch (err) {
        if (err instanceof ApduError && err.sw === SW.DATA_INVALID) return false;
        throw err;
      }
    });
  }

  /**
   * RENAME (`71 <old> 71 <new>`, firmware ≥ 5.3.1, else `ERR_NOT_SUPPORTED`). The period prefix of a
   * TOTP id is kept. Resolves with the new id.
   */
  renameCredential(id: Buffer, name: string, issuer: string | null = null): Promise<Buffer> {
    return this.#serial(async () => {
      const { version } = this.info;
      if (!versionAtLeast(version, RENAME_MIN_VERSION)) {
        throw new DriverError('ERR_NOT_SUPPORTED', `RENAME needs OATH firmware 5.3.1 or later; this is ${version.join('.')}`, { data: { version } });
      }
      const newId = formatCredentialId('TOTP', name, issuer, parseCredentialId(id, 'TOTP').period);
      if (newId.length > MAX_NAME_LENGTH) throw new DriverError('ERR_INVALID_ARGUMENT', `credential id of ${newId.length} bytes exceeds ${MAX_NAME_LENGTH}`);
      await this.#send(INS_RENAME, 0, 0, Buffer.concat([encodeTlv(TAG_NAME, id), encodeTlv(TAG_NAME, newId)]), 'RENAME');
      return newId;
    });
  }

  /**
   * RESET (`00 04 DE AD`): wipes every credential and the password; the device picks a new salt, which
   * a fresh SELECT reads. Without `{ confirm: true }` nothing is sent and `ERR_CONFIRMATION_REQUIRED` is thrown.
   */
  reset(options: { confirm?: boolean } = {}): Promise<OathSelectInfo> {
    return this.#serial(async () => {
      if (options.confirm !== true) throw new DriverError('ERR_CONFIRMATION_REQUIRED', 'resetting the OATH application erases every credential: pass { confirm: true }');
      await this.#send(INS_RESET, P1_RESET, P2_RESET, Buffer.alloc(0), 'RESET');
      return this.#select();
    });
  }

  /** Releases the connection. */
  close(): Promise<void> {
    return this.#conn.close();
  }

  #serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(op, op);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #select(): Promise<OathSelectInfo> {
    const reply = await this.#conn.transmit(encodeApdu({ cla: 0, ins: INS_SELECT, p1: P1_SELECT_BY_AID, p2: 0, data: OATH_AID }));
    if (reply.sw === SW.FILE_NOT_FOUND) throw new DriverError('ERR_UNKNOWN_CARD', 'the card has no OATH application (SELECT answered 6A82)', { data: { sw: reply.sw } });
    const fields = tlvMap(checkSw(reply, 'SELECT OATH'));
    const version = fields.get(TAG_VERSION);
    const salt = fields.get(TAG_NAME);
    if (version?.length !== 3 || salt === undefined) throw new DriverError('ERR_PROTOCOL', 'SELECT OATH reply lacks version (79) or name (71)');
    const challenge = fields.get(TAG_CHALLENGE) ?? null;
    this.#challenge = challenge ? Buffer.from(challenge) : null;
    this.#passwordAlgorithm = fields.get(TAG_ALGORITHM)?.[0] ?? ALGORITHM_CODES.SHA1;
    const v = [version[0] ?? 0, version[1] ?? 0, version[2] ?? 0] as const;
    this.#info = { version: v, salt: Buffer.from(salt), deviceId: deviceIdOf(salt), hasPassword: challenge !== null };
    return this.#info;
  }

  async #validate(key: Buffer): Promise<void> {
    if (this.#challenge === null) throw new DriverError('ERR_PROTOCOL', 'VALIDATE needs a SELECT challenge: the applet has no password or is already unlocked');
    const algorithm = hmacName(this.#passwordAlgorithm);
    const response = createHmac(algorithm, key).update(this.#challenge).digest();
    const hostChallenge = this.#random.bytes(CHALLENGE_LENGTH);
    const reply = await this.#conn.transmit(encodeApdu({
      cla: 0, ins: INS_VALIDATE, p1: 0, p2: 0, data: Buffer.concat([encodeTlv(TAG_RESPONSE, response), encodeTlv(TAG_CHALLENGE, hostChallenge)]),
    }));
    if (reply.sw === SW.DATA_INVALID || reply.sw === SW.INCORRECT_PARAMETERS) {
      throw new AuthFailedError('wrong OATH password', null, { data: { sw: reply.sw } });
    }
    const cardResponse = unpackTlv(TAG_RESPONSE, checkSw(reply, 'VALIDATE'));
    if (!bytesEqual(cardResponse, createHmac(algorithm, key).update(hostChallenge).digest())) {
      throw new DriverError('ERR_PROTOCOL', 'the card answered VALIDATE with a wrong HMAC: it does not hold this password');
    }
    this.#challenge = null;
  }

  async #calculate(credential: OathCredentialRef, timeMs: number): Promise<OathCode> {
    const challenge = credential.type === 'TOTP' ? u64be(Math.floor(timeMs / 1000 / credential.period)) : Buffer.alloc(0);
    const data = Buffer.concat([encodeTlv(TAG_NAME, credential.id), encodeTlv(TAG_CHALLENGE, challenge)]);
    const value = formatTruncatedCode(unpackTlv(TAG_TRUNCATED, await this.#send(INS_CALCULATE, 0, P2_TRUNCATED, data, 'CALCULATE')));
    return credential.type === 'TOTP' ? this.#totpCode(value, timeMs, credential.period) : { value, validFrom: timeMs, validTo: Infinity };
  }

  #totpCode(value: string, timeMs: number, period: number): OathCode {
    const step = Math.floor(timeMs / 1000 / period);
    return { value, validFrom: step * period * 1000, validTo: (step + 1) * period * 1000 };
  }

  #checkSpec(spec: OathCredentialSpec, algorithm: OathAlgorithm, digits: number, period: number, counter: number): void {
    const { version } = this.info;
    const invalid = (msg: string): DriverError => new DriverError('ERR_INVALID_ARGUMENT', msg);
    if (spec.name === '') throw invalid('credential name is empty');
    if (spec.secret.length === 0) throw invalid('credential secret is empty');
    if (!Number.isInteger(digits) || digits < 6 || digits > 8) throw invalid(`digits must be 6, 7 or 8, not ${digits}`);
    if (spec.type === 'TOTP' && (!Number.isInteger(period) || period < 1)) throw invalid(`period must be a positive integer, not ${period}`);
    if (spec.type === 'TOTP' && counter !== 0) throw invalid('an initial counter applies to HOTP only');
    if (!Number.isInteger(counter) || counter < 0 || counter > 0xffffffff) throw invalid(`counter must be a u32, not ${counter}`);
    if (algorithm === 'SHA512' && !versionAtLeast(version, SHA512_MIN_VERSION)) {
      throw new DriverError('ERR_NOT_SUPPORTED', `SHA-512 needs OATH firmware 4.3.1 or later; this is ${version.join('.')}`, { data: { version } });
    }
    if (spec.touch && !versionAtLeast(version, TOUCH_MIN_VERSION)) {
      throw new DriverError('ERR_NOT_SUPPORTED', `touch needs OATH firmware 4.2.4 or later; this is ${version.join('.')}`, { data: { version } });
    }
  }

  /** Sends one command (no data → `CLA INS P1 P2 00`, as yubikit) and returns the data of a 9000 reply. */
  async #send(ins: number, p1: number, p2: number, data: Buffer, what: string): Promise<Buffer> {
    const apdu = encodeApdu(data.length > 0 ? { cla: 0, ins, p1, p2, data } : { cla: 0, ins, p1, p2, le: 256 });
    const reply = await this.#conn.transmit(apdu);
    if (reply.sw === SW.SECURITY_CONDITION_NOT_SATISFIED) {
      throw new DriverError('ERR_AUTH_REQUIRED', `${what}: the OATH application is password protected; unlock it first`, { data: { sw: reply.sw } });
    }
    return checkSw(reply, what);
  }
}
