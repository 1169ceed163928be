// SPDX-License-Identifier: UNLICENSED
import { DriverError } from '../core/errors.js';
import type { SmartCardConnection } from '../transport/smartcard-connection.js';
import { Molto2Session, type Molto2KeyRotationOptions, type Molto2SessionOptions } from './molto2-session.js';
import { MOLTO2_FACTORY_CUSTOMER_KEY } from './token2/token2-crypto.js';

export interface RotateMolto2FactoryKeyResult {
  serial: string;
}

/**
 * Replaces a fresh Molto2's factory customer key `TOKEN2MOLTO1-KEY` with `newCustomerKey` (16 bytes, chosen by the
 * caller, who seals it before calling): info, authenticate with the factory key, request, wait for ▲ (see
 * `Molto2Session.rotateKey`). Rejects AuthFailedError when the token no longer has the factory key, ERR_TIMEOUT
 * without the button press, ERR_INVALID_ARGUMENT for the factory key itself.
 */
export async function rotateMolto2FactoryKey(
  connection: SmartCardConnection,
  newCustomerKey: Buffer,
  options: Molto2KeyRotationOptions & Omit<Molto2SessionOptions, 'customerKey'> = {},
): Promise<RotateMolto2FactoryKeyResult> {
  if (newCustomerKey.length !== MOLTO2_FACTORY_CUSTOMER_KEY.length) {
    throw new DriverError('ERR_INVALID_ARGUMENT', `customer key must be 16 bytes, got ${newCustomerKey.length}`);
  }
  if (newCustomerKey.equals(MOLTO2_FACTORY_CUSTOMER_KEY)) {
    throw new DriverError('ERR_INVALID_ARGUMENT', 'the new customer key must differ from the factory key');
  }
  const session = new Molto2Session(connection, { ...options, customerKey: MOLTO2_FACTORY_CUSTOMER_KEY });
  const { serial } = await session.getInfo();
  await session.rotateKey(newCustomerKey, options);
  return { serial };
}
