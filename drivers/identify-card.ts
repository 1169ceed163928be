// SPDX-License-Identifier: UNLICENSED
import { DriverError } from './core/errors.js';
import { Molto2Session } from './protocol/molto2-session.js';
import { OathSession } from './protocol/oath-session.js';
import { Token2Session } from './protocol/token2-session.js';
import type { SmartCardConnection } from './transport/smartcard-connection.js';

/** What sits on a reader. Fields a kind cannot report are absent. */
export interface CardIdentity {
  kind: 'ykoath' | 'token2' | 'molto2';
  /** Token2 / Molto2 serial (ASCII digits). YKOATH has none over the OATH applet. */
  serial?: string;
  /** Token2 product name (`OTPC-P2-i`, …), `Molto2` for Molto2; absent for an unknown Token2 prefix. */
  model?: string;
  /** YKOATH applet version `major.minor.patch`. */
  version?: string;
  /** YKOATH device id (ykman's, from the SELECT salt). */
  deviceId?: string;
  /** YKOATH: whether the applet is password-protected. */
  hasPassword?: boolean;
}

export interface IdentifyCardOptions {
  /** The card's ATR, reported in `ERR_UNKNOWN_CARD`'s data as hex. */
  atr?: Buffer;
}

/** Faults that mean "stop probing": the card, reader or service went away, or the caller gave up. */
const FATAL = new Set(['ERR_CARD_REMOVED', 'ERR_READER_GONE', 'ERR_PCSCD_UNAVAILABLE', 'ERR_CANCELED', 'ERR_TIMEOUT']);

async function probe<T>(attempt: () => Promise<T>): Promise<{ ok: T } | { err: DriverError }> {
  try {
    return { ok: await attempt() };
  } catch (err) {
    if (!(err instanceof DriverError) || FATAL.has(err.code)) throw err;
    return { err };
  }
}

/**
 * Detects the application on a card, read-only and without authentication, in this order:
 * 1. YKOATH SELECT (`00 A4 04 00 07 A0 00 00 05 27 21 01`, token-hardware.md §1.1) → version, device id;
 * 2. Token2 single-profile get-info (`80 41 00 00 02 02 11`, §2.2) → serial and model from the prefix;
 * 3. Molto2 get-info (`80 41 00 00 00`, §2.3) → serial; tried first on the USB transport, where Molto2 lives,
 *    and on NFC only when the single-profile get-info was refused.
 * Anything else rejects with `ERR_UNKNOWN_CARD` (data.atr). Card or reader loss propagates as is.
 */
export async function identifyCard(connection: SmartCardConnection, options: IdentifyCardOptions = {}): Promise<CardIdentity> {
  const oath = await probe(() => new OathSession(connection).select());
  if ('ok' in oath) {
    return { kind: 'ykoath', version: oath.ok.version.join('.'), deviceId: oath.ok.deviceId, hasPassword: oath.ok.hasPassword };
  }
  const molto2 = async (): Promise<CardIdentity | null> => {
    const r = await probe(() => new Molto2Session(connection).getInfo());
    return 'ok' in r ? { kind: 'molto2', serial: r.ok.serial, model: 'Molto2' } : null;
  };
  if (connection.kind === 'usb') {
    const found = await molto2();
    if (found) return found;
  }
  const single = await probe(() => new Token2Session(connection).getInfo());
  if ('ok' in single) return { kind: 'token2', serial: single.ok.serial, model: single.ok.model.name };
  if (single.err.code === 'ERR_UNKNOWN_MODEL') {
    return { kind: 'token2', serial: String(single.err.data.serial ?? '') };
  }
  if (connection.kind !== 'usb') {
    const found = await molto2();
    if (found) return found;
  }
  const atr = options.atr?.toString('hex') ?? null;
  throw new DriverError('ERR_UNKNOWN_CARD', `no supported application answered (YKOATH, Token2, Molto2)${atr ? `; ATR ${atr}` : ''}`, {
    data: { atr },
    cause: single.err,
  });
}
