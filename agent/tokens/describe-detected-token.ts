// SPDX-License-Identifier: UNLICENSED
import { DriverError } from '../../drivers/core/errors.js';
import type { CardIdentity } from '../../drivers/identify-card.js';
import { MfaError } from '../errors.js';
import type { DetectedToken } from './prepare-token-row.js';
import type { TokenFamily } from './program-event.js';
import type { ProgrammingPolicy } from './programming-policy.js';

export interface DescribedToken extends DetectedToken {
  family: TokenFamily;
}

/** Prefix of the serial recorded for a YKOATH device, which has no serial over the OATH applet. */
export const YKOATH_SERIAL_PREFIX = 'YKOATH-';

/**
 * What the inventory records for a detected card, refusing (before anything is written) what cannot be programmed:
 * - YKOATH: serial `YKOATH-<device id>` (ykman's id from the applet's salt, stable until an OATH reset), firmware
 *   the applet version; a password-protected applet → `ERR_AUTH_REQUIRED`;
 * - Token2: the serial and model it reports; an unknown serial prefix → `ERR_UNKNOWN_MODEL`;
 * - Molto2: the serial, model `Molto2`.
 */
export function describeDetectedToken(id: CardIdentity): DescribedToken {
  if (id.kind === 'ykoath') {
    if (id.hasPassword) throw new DriverError('ERR_AUTH_REQUIRED', 'the OATH application is password-protected');
    return { family: 'ykoath', serial: `${YKOATH_SERIAL_PREFIX}${id.deviceId ?? ''}`, manufacturer: 'Yubico', model: 'YubiKey OATH', firmware: id.version ?? null };
  }
  if (!id.serial) throw new DriverError('ERR_PROTOCOL', 'the token reported no serial number');
  if (id.kind === 'token2') {
    if (!id.model) throw new DriverError('ERR_UNKNOWN_MODEL', `unknown Token2 serial prefix ${id.serial.slice(0, 7)}; refusing to program it`, { data: { serial: id.serial } });
    return { family: 'token2', serial: id.serial, manufacturer: 'Token2', model: id.model, firmware: null };
  }
  return { family: 'molto2', serial: id.serial, manufacturer: 'Token2', model: id.model ?? 'Molto2', firmware: null };
}

/** Refuses parameters the family cannot show: a Token2 single-profile token has 6 digits and no setting for it. */
export function checkFamilyParams(family: TokenFamily, params: ProgrammingPolicy): void {
  if (family === 'token2' && params.digits !== 6) {
    throw new MfaError('ERR_INVALID_INPUT', `Token2 single-profile tokens show 6 digits; the policy asks for ${params.digits}`, {
      data: { hint: 'Program this model with 6 digits, or use a Molto2 or YubiKey for 8.' },
    });
  }
}
