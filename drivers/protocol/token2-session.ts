// SPDX-License-Identifier: UNLICENSED
import { DriverError } from '../core/errors.js';
import type { TrafficLogger } from '../core/traffic-log.js';
import type { SmartCardConnection } from '../transport/smartcard-connection.js';
import { withTrafficLog } from '../transport/with-traffic-log.js';
import { CountingConnection } from './token2/counting-connection.js';
import { TOKEN2_TRAFFIC_MASKER } from './token2/token2-traffic-masker.js';
import { Sm4 } from './token2/sm4.js';
import {
  GET_INFO_APDU,
  seedApdu,
  token2ConfigApdu,
  type Token2Algorithm,
  type Token2DisplayTimeout,
  type Token2Period,
} from './token2/token2-apdus.js';
import { TOKEN2_DEVICE_KEY } from './token2/token2-crypto.js';
import { authenticateToken2, exchangeOk, parseToken2Info } from './token2/token2-exchange.js';
import { token2ModelForSerial, type Token2Model } from './token2/token2-models.js';
import { validateToken2Config } from './token2/validate-token2-config.js';

export interface Token2SessionOptions {
  /** SM4 key of the token. Default: the fixed single-profile device key `TOKEN2_DEVICE_KEY`. */
  key?: Buffer;
  /** Raw APDU log; cryptograms, seeds and keys are masked by `TOKEN2_TRAFFIC_MASKER`. Default: no traffic log. */
  traffic?: TrafficLogger;
}

export interface Token2Info {
  serial: string;
  model: Token2Model;
  /** Device clock, Unix seconds. */
  deviceTime: number;
}

export interface Token2Config {
  algorithm: Token2Algorithm;
  period: Token2Period;
  /** Seconds the display stays on: 15, 30, 60 or 120. */
  displayTimeout: Token2DisplayTimeout;
  /** Unix seconds written to the device clock. */
  time: number;
}

export interface Token2ConfigOptions {
  /**
   * On a model that clears its seed on a config/time write (`keepsSeedOnTimeSync: false`) the write is refused
   * with ERR_CONFIRMATION_REQUIRED unless this is true: the session cannot read whether a seed is present.
   * Default false.
   */
  acknowledgeSeedLoss?: boolean;
}

export interface Token2BurnParams extends Token2Config {
  /** 20 or 32 raw seed bytes. */
  seed: Buffer;
  /** SM4 key for this burn; default the session's key. */
  key?: Buffer;
}

export interface Token2BurnResult {
  info: Token2Info;
  /** Number of APDUs sent by `burn` (7: info, challenge, auth, config, challenge, auth, seed). */
  apdus: number;
}

const SEED_LENGTHS: readonly number[] = [20, 32];

/**
 * A single-profile programmable Token2 token (OTPC-P*, miniOTP-*, C30x), NFC, no SELECT (token-hardware.md §2.2).
 * Authentication is a challenge/response under the token's SM4 key; config and seed writes are MACed.
 * Order for programming is fixed: config (clock, hash, period), re-authenticate, seed; `burn` does exactly that.
 * Unknown serial prefixes are refused (ERR_UNKNOWN_MODEL) before anything is written.
 */
export class Token2Session {
  readonly #conn: CountingConnection;
  #sm4: Sm4;
  #info: Token2Info | null = null;

  constructor(connection: SmartCardConnection, options: Token2SessionOptions = {}) {
    this.#conn = new CountingConnection(options.traffic ? withTrafficLog(connection, options.traffic, TOKEN2_TRAFFIC_MASKER) : connection);
    this.#sm4 = new Sm4(options.key ?? TOKEN2_DEVICE_KEY);
  }

  /** Serial, model and clock (`80 41 00 00 02 02 11`, no auth). Rejects ERR_UNKNOWN_MODEL (data.serial). */
  async getInfo(): Promise<Token2Info> {
    const { serial, deviceTime } = parseToken2Info(await this.#ok(GET_INFO_APDU, 'get info'));
    const model = token2ModelForSerial(serial);
    if (model === null) {
      throw new DriverError('ERR_UNKNOWN_MODEL', `unknown Token2 serial prefix ${serial.slice(0, 7)}; refusing to program it`, { data: { serial } });
    }
    this.#info = { serial, model, deviceTime };
    return this.#info;
  }

  /**
   * Challenge/response with the session key. Rejects AuthFailedError (attemptsRemaining from `63 CX`, null on
   * `6983`) or ERR_AUTH_BLOCKED.
   */
  async authenticate(): Promise<void> {
    await authenticateToken2(this.#conn, this.#sm4);
  }

  /**
   * Writes hash, period, display timeout and the device clock (`84 D4 00 00 17`). Needs a prior `authenticate`.
   * On restricted-sync models this erases the seed; see `Token2ConfigOptions.acknowledgeSeedLoss`.
   */
  async setConfig(config: Token2Config, options: Token2ConfigOptions = {}): Promise<void> {
    const fields = validateToken2Config(config);
    const { model } = this.#info ?? (await this.getInfo());
    if (!model.keepsSeedOnTimeSync && options.acknowledgeSeedLoss !== true) {
      throw new DriverError('ERR_CONFIRMATION_REQUIRED', `a config/time write erases the seed on ${model.name}; pass acknowledgeSeedLoss`, {
        data: { model: model.name, serial: this.#info?.serial },
      });
    }
    await this.#ok(token2ConfigApdu(this.#sm4, fields), 'write config');
  }

  /** Writes a 20- or 32-byte seed (`84 C5 01 00`). Needs an `authenticate` after the last config write. */
  async setSeed(seed: Buffer): Promise<void> {
    if (!SEED_LENGTHS.includes(seed.length)) {
      throw new DriverError('ERR_INVALID_ARGUMENT', `seed must be 20 or 32 bytes, got ${seed.length}`, { data: { length: seed.length } });
    }
    if (seed.every((b) => b === 0)) throw new DriverError('ERR_INVALID_ARGUMENT', 'an all-zero seed is not a seed');
    await this.#ok(seedApdu(this.#sm4, seed), 'write seed');
  }

  /**
   * Programs a token in the only order that keeps the seed: info (refuses unknown models), authenticate, config,
   * authenticate again, seed. Arguments are validated before the first APDU.
   */
  async burn(params: Token2BurnParams): Promise<Token2BurnResult> {
    validateToken2Config(params);
    if (!SEED_LENGTHS.includes(params.seed.length)) {
      throw new DriverError('ERR_INVALID_ARGUMENT', `seed must be 20 or 32 bytes, got ${params.seed.length}`);
    }
    // Checked before the config write, which erases the old seed on restricted-sync models.
    if (params.seed.every((b) => b === 0)) throw new DriverError('ERR_INVALID_ARGUMENT', 'an all-zero seed is not a seed');
    if (params.key !== undefined) this.#sm4 = new Sm4(params.key);
    const start = this.#conn.count;
    const info = await this.getInfo();
    await this.authenticate();
    await this.setConfig(params, { acknowledgeSeedLoss: true });
    await this.authenticate();
    await this.setSeed(params.seed);
    return { info, apdus: this.#conn.count - start };
  }

  async #ok(apdu: Buffer, what: string): Promise<Buffer> {
    return exchangeOk(this.#conn, apdu, what);
  }
}
