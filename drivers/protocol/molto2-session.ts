// SPDX-License-Identifier: UNLICENSED
import { ApduError, AuthFailedError, DriverError } from '../core/errors.js';
import type { TrafficLogger } from '../core/traffic-log.js';
import type { SmartCardConnection } from '../transport/smartcard-connection.js';
import { withTrafficLog } from '../transport/with-traffic-log.js';
import { CountingConnection } from './token2/counting-connection.js';
import { TOKEN2_TRAFFIC_MASKER } from './token2/token2-traffic-masker.js';
import { Sm4 } from './token2/sm4.js';
import {
  molto2ConfigApdu,
  molto2ConfigBody,
  molto2DeleteSeedApdu,
  MOLTO2_GET_INFO_APDU,
  molto2SeedInfoApdu,
  molto2SetKeyApdu,
  molto2TimeSyncBody,
  molto2TitleApdu,
  seedApdu,
  SW_WRONG_DATA,
  TAG_PUBLIC_DATA,
  TAG_SEED_INFO,
  type Molto2Digits,
  type Token2Algorithm,
  type Token2ConfigFields,
} from './token2/token2-apdus.js';
import { deriveMolto2Key, MOLTO2_FACTORY_CUSTOMER_KEY } from './token2/token2-crypto.js';
import { authenticateToken2, exchangeOk, parseToken2Info, type Token2InfoReply } from './token2/token2-exchange.js';
import { validateToken2Config } from './token2/validate-token2-config.js';

export interface Molto2SessionOptions {
  /** Customer key (raw bytes; the SM4 key is `SHA1(key)[:16]`). Default: factory `TOKEN2MOLTO1-KEY`. */
  customerKey?: Buffer;
  /** Raw APDU log; cryptograms, seeds and keys are masked by `TOKEN2_TRAFFIC_MASKER`. Default: no traffic log. */
  traffic?: TrafficLogger;
  /** Milliseconds clock for button-press timeouts. Default `Date.now`. */
  now?: () => number;
  /** Waits between button-press polls. Default `setTimeout`. */
  sleep?: (ms: number) => Promise<void>;
}

export interface Molto2Config extends Token2ConfigFields {
  /** Default 6. */
  digits?: Molto2Digits;
}

export interface Molto2ProfileParams extends Molto2Config {
  /** 1..63 raw seed bytes (not all zero). */
  seed: Buffer;
  /** ≤ 12 UTF-8 bytes shown on the device. Default: none written. */
  title?: string;
  /** True: an existing seed on the profile is deleted first. Default false → ERR_CONFIRMATION_REQUIRED. */
  overwrite?: boolean;
}

/** Read-public-data `70` of one profile (`80 41 00 <p> 01 70`). */
export interface Molto2ProfileStatus {
  seedExists: boolean;
  algorithm: Token2Algorithm | null;
  period: number;
  digits: number;
  /** Device clock, Unix seconds. */
  deviceTime: number;
}

/** Where a key rotation stands: `awaiting-button` until ▲ is pressed on the token, then `committed`. */
export type Molto2KeyRotationStatus = 'awaiting-button' | 'committed';

export interface Molto2KeyRotationOptions {
  /** Give up after this long without the button press (ERR_TIMEOUT). Default 60 000 ms. */
  timeoutMs?: number;
  /** Pause between polls. Default 1000 ms. */
  pollIntervalMs?: number;
  /** Told each status once, in order. */
  onStatus?: (status: Molto2KeyRotationStatus) => void;
}

/** Profiles 0..99 (Molto2 v2; v1 has 0..49 and refuses the rest on the device). */
export const MOLTO2_MAX_PROFILE = 99;
const MAX_TITLE_BYTES = 12;
const MAX_SEED_BYTES = 63;
const CUSTOMER_KEY_BYTES = 16;
const ALGORITHMS: ReadonlyMap<number, Token2Algorithm> = new Map([[1, 'SHA1'], [2, 'SHA256']]);

/**
 * Token2 Molto2 multi-profile TOTP token over USB CCID (token-hardware.md §2.3, molto2-tools PROTOCOL.md).
 * One authentication (challenge/response under `SHA1(customerKey)[:16]`) covers every later MACed write.
 * Changing the customer key is only committed when someone presses ▲ on the token: `rotateKey` sends the request,
 * reports `awaiting-button`, and polls until the old key stops working and the new one works.
 */
export class Molto2Session {
  readonly #conn: CountingConnection;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  #sm4: Sm4;

  constructor(connection: SmartCardConnection, options: Molto2SessionOptions = {}) {
    this.#conn = new CountingConnection(options.traffic ? withTrafficLog(connection, options.traffic, TOKEN2_TRAFFIC_MASKER) : connection);
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.#sm4 = new Sm4(deriveMolto2Key(options.customerKey ?? MOLTO2_FACTORY_CUSTOMER_KEY));
  }

  /** APDUs sent so far by this session. */
  get apdusSent(): number {
    return this.#conn.count;
  }

  /** Serial and device clock (`80 41 00 00 00`, no auth). */
  async getInfo(): Promise<Token2InfoReply> {
    return parseToken2Info(await this.#ok(MOLTO2_GET_INFO_APDU, 'get info'));
  }

  /** Challenge/response. Rejects AuthFailedError (attemptsRemaining from `63 NN`) or ERR_AUTH_BLOCKED. */
  async authenticate(): Promise<void> {
    await authenticateToken2(this.#conn, this.#sm4);
  }

  /** Reads the profile's public data (no auth). */
  async readProfile(profile: number): Promise<Molto2ProfileStatus> {
    checkProfile(profile);
    return parseSeedInfo(await this.#ok(molto2SeedInfoApdu(profile), `read profile ${profile}`));
  }

  async seedExists(profile: number): Promise<boolean> {
    return (await this.readProfile(profile)).seedExists;
  }

  /** Hash, digits, period, display timeout and the device clock for one profile (`84 D4 01 <p>`). */
  async setConfig(profile: number, config: Molto2Config): Promise<void> {
    checkProfile(profile);
    const fields = validateToken2Config(config);
    const digits = config.digits ?? 6;
    if (![4, 6, 8, 10].includes(digits)) throw new DriverError('ERR_INVALID_ARGUMENT', `digits must be 4, 6, 8 or 10, got ${digits}`);
    await this.#ok(molto2ConfigApdu(this.#sm4, profile, molto2ConfigBody({ ...fields, digits })), `write config of profile ${profile}`);
  }

  /** Sets only the device clock (`81 06 0F 04 <utc>` on profile `profile`). Molto2 keeps its seeds. */
  async syncTime(profile: number, time: number): Promise<void> {
    checkProfile(profile);
    validateToken2Config({ algorithm: 'SHA1', period: 30, displayTimeout: 30, time });
    await this.#ok(molto2ConfigApdu(this.#sm4, profile, molto2TimeSyncBody(time)), `sync time on profile ${profile}`);
  }

  /**
   * Writes a seed (`84 C5 01 <p>`) after checking the profile is empty: an existing seed is refused with
   * ERR_CONFIRMATION_REQUIRED (data.profile) unless `overwrite`, which deletes it first.
   */
  async setSeed(profile: number, seed: Buffer, options: { overwrite?: boolean } = {}): Promise<void> {
    checkProfile(profile);
    checkSeed(seed);
    if (await this.seedExists(profile)) {
      if (options.overwrite !== true) {
        throw new DriverError('ERR_CONFIRMATION_REQUIRED', `profile ${profile} already holds a seed; pass overwrite to replace it`, { data: { profile } });
      }
      await this.deleteSeed(profile);
    }
    await this.#ok(seedApdu(this.#sm4, seed, profile), `write seed of profile ${profile}`);
  }

  /** Profile title (`84 D5 00 <p>`), ≤ 12 UTF-8 bytes. */
  async setTitle(profile: number, title: string): Promise<void> {
    checkProfile(profile);
    const bytes = checkTitle(title);
    await this.#ok(molto2TitleApdu(this.#sm4, profile, bytes), `write title of profile ${profile}`);
  }

  /** Clears a profile's seed, keeping its settings (`80 E6 00 <p> 00`, authenticated session). */
  async deleteSeed(profile: number): Promise<void> {
    checkProfile(profile);
    await this.#ok(molto2DeleteSeedApdu(profile), `delete seed of profile ${profile}`);
  }

  /**
   * Programs one profile: info, authenticate, seed-exists check, seed, title, config (molto2.py's order). All
   * arguments are validated first. Returns the info and the number of APDUs sent.
   */
  async programProfile(profile: number, params: Molto2ProfileParams): Promise<{ info: Token2InfoReply; apdus: number }> {
    checkProfile(profile);
    checkSeed(params.seed);
    if (params.title !== undefined) checkTitle(params.title);
    validateToken2Config(params);
    const start = this.#conn.count;
    const info = await this.getInfo();
    await this.authenticate();
    await this.setSeed(profile, params.seed, { overwrite: params.overwrite ?? false });
    if (params.title !== undefined) await this.setTitle(profile, params.title);
    await this.setConfig(profile, params);
    return { info, apdus: this.#conn.count - start };
  }

  /**
   * Sends the key-change request (`84 D7 00 00 24`) under the current key. The token answers `9000` and waits for ▲;
   * nothing changes until then.
   */
  async requestKeyChange(newCustomerKey: Buffer): Promise<void> {
    checkCustomerKey(newCustomerKey);
    await this.#ok(molto2SetKeyApdu(this.#sm4, deriveMolto2Key(newCustomerKey)), 'request customer-key change');
  }

  /**
   * Rotates the customer key: authenticate with the current key, request the change, report `awaiting-button`,
   * then poll by authenticating with the old key (it keeps working while the change is pending). When it stops
   * working (one wrong try is spent), authenticate with the new key, report `committed` and use it from then on.
   * Rejects ERR_TIMEOUT (data.ms) when ▲ is not pressed in time; the request may stay pending on the token.
   */
  async rotateKey(newCustomerKey: Buffer, options: Molto2KeyRotationOptions = {}): Promise<void> {
    checkCustomerKey(newCustomerKey);
    const timeoutMs = options.timeoutMs ?? 60_000;
    const pollMs = options.pollIntervalMs ?? 1_000;
    await this.authenticate();
    await this.requestKeyChange(newCustomerKey);
    options.onStatus?.('awaiting-button');
    const deadline = this.#now() + timeoutMs;
    for (;;) {
      await this.#sleep(pollMs);
      try {
        await this.authenticate();
      } catch (err) {
        if (err instanceof AuthFailedError) break;
        // The press may drop the token's pending challenge mid-handshake (6A80): poll again.
        if (!(err instanceof ApduError && err.sw === SW_WRONG_DATA)) throw err;
      }
      if (this.#now() >= deadline) {
        throw new DriverError('ERR_TIMEOUT', 'press the ▲ button on the token to confirm the key change', { data: { ms: timeoutMs } });
      }
    }
    this.#sm4 = new Sm4(deriveMolto2Key(newCustomerKey));
    await this.authenticate();
    options.onStatus?.('committed');
  }

  async #ok(apdu: Buffer, what: string): Promise<Buffer> {
    return exchangeOk(this.#conn, apdu, what);
  }
}

function checkProfile(profile: number): void {
  if (!Number.isInteger(profile) || profile < 0 || profile > MOLTO2_MAX_PROFILE) {
    throw new DriverError('ERR_INVALID_ARGUMENT', `profile must be 0..${MOLTO2_MAX_PROFILE}, got ${profile}`, { data: { profile } });
  }
}

function checkSeed(seed: Buffer): void {
  if (seed.length === 0 || seed.length > MAX_SEED_BYTES) throw new DriverError('ERR_INVALID_ARGUMENT', `seed must be 1..63 bytes, got ${seed.length}`);
  if (seed.every((b) => b === 0)) throw new DriverError('ERR_INVALID_ARGUMENT', 'an all-zero seed clears a profile; use deleteSeed');
}

function checkTitle(title: string): Buffer {
  const bytes = Buffer.from(title, 'utf8');
  if (bytes.length === 0 || bytes.length > MAX_TITLE_BYTES) throw new DriverError('ERR_INVALID_ARGUMENT', `title must be 1..12 UTF-8 bytes, got ${bytes.length}`);
  return bytes;
}

function checkCustomerKey(key: Buffer): void {
  if (key.length !== CUSTOMER_KEY_BYTES) throw new DriverError('ERR_INVALID_ARGUMENT', `customer key must be 16 bytes, got ${key.length}`);
}

/**
 * `95 L 70 L flag(1) tips(16) RTC(4) TimeCfg(4) alg(1) step(1) digits(1) seedExist(1)`; the seed-exists flag is the
 * last byte of the `70` value (molto2.py).
 */
function parseSeedInfo(data: Buffer): Molto2ProfileStatus {
  if (data[0] !== TAG_PUBLIC_DATA) throw new DriverError('ERR_PROTOCOL', `public data starts with ${data[0]?.toString(16)}, expected 95`);
  let i = 2;
  while (i + 2 <= data.length) {
    const tag = data[i]!;
    const len = data[i + 1]!;
    const value = data.subarray(i + 2, i + 2 + len);
    if (value.length < len) break;
    if (tag === TAG_SEED_INFO) {
      if (len < 29) throw new DriverError('ERR_TRUNCATED_RESPONSE', `seed info of ${len} bytes, expected 29`);
      return {
        seedExists: value[len - 1] === 0x01,
        deviceTime: value.readUInt32BE(17),
        algorithm: ALGORITHMS.get(value[25]!) ?? null,
        period: value[26]!,
        digits: value[27]!,
      };
    }
    i += 2 + len;
  }
  throw new DriverError('ERR_TRUNCATED_RESPONSE', 'no seed-info (70) TLV in the public data');
}
