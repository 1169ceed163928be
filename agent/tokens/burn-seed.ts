// SPDX-License-Identifier: UNLICENSED
import { DriverError } from '../../drivers/core/errors.js';
import { OathSession, type OathCredentialRef } from '../../drivers/protocol/oath-session.js';
import { Token2Session } from '../../drivers/protocol/token2-session.js';
import type { SmartCardConnection } from '../../drivers/transport/smartcard-connection.js';
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';
import type { TokenFamily } from './program-event.js';
import type { ProgrammingPolicy } from './programming-policy.js';
import { openMolto2Session, type OpenMolto2Deps, type OpenMolto2Options } from './open-molto2-session.js';

/** Molto2 profile the appliance programs (the one shown first). */
export const MOLTO2_PROFILE = 0;
/** Seconds a Token2 display stays on after a button press. */
export const DISPLAY_TIMEOUT_SECONDS = 30;

export interface BurnSeedDeps extends OpenMolto2Deps {
  clock: Clock;
  random: Random;
}

export interface BurnSeedInput {
  family: TokenFamily;
  connection: SmartCardConnection;
  tokenId: string;
  /** Raw seed bytes (20 or 32). */
  seed: Buffer;
  params: ProgrammingPolicy;
  /** YKOATH credential id `issuer:account`; an earlier credential of this issuer is deleted first. */
  issuer: string;
  account: string;
  molto2: OpenMolto2Options;
}

/** YKOATH keeps its session open for the read-back proof; display tokens are proven by a person. */
export type BurnResult = { family: 'ykoath'; session: OathSession; credential: OathCredentialRef } | { family: 'token2' | 'molto2' };

/**
 * Step 4, the only step that writes to the device:
 * - YKOATH: SELECT, refuse a password-protected applet (`ERR_AUTH_REQUIRED`), delete this issuer's earlier
 *   credentials (a reprogram leaves no stale one), PUT the TOTP credential;
 * - Token2 single-profile: `Token2Session.burn` (info, auth, config with the device clock, auth again, seed; the
 *   only order that keeps the seed);
 * - Molto2: the token's own customer key (rotated from the factory key, see `openMolto2Session`), then profile 0
 *   (overwriting it): seed, config.
 */
export async function burnSeed(deps: BurnSeedDeps, input: BurnSeedInput): Promise<BurnResult> {
  const { connection, seed, params } = input;
  const time = Math.floor(deps.clock.now() / 1000);
  if (input.family === 'ykoath') {
    const session = new OathSession(connection, { clock: deps.clock, random: deps.random });
    const info = await session.select();
    if (info.hasPassword) throw new DriverError('ERR_AUTH_REQUIRED', 'the OATH application is password-protected');
    for (const old of await session.listCredentials()) {
      if (old.issuer === input.issuer) await session.deleteCredential(old.id);
    }
    const credential = await session.putCredential({
      type: 'TOTP', algorithm: params.algorithm, digits: params.digits, period: params.period, issuer: input.issuer, name: input.account, secret: seed,
    });
    return { family: 'ykoath', session, credential };
  }
  if (input.family === 'token2') {
    await new Token2Session(connection).burn({ seed, algorithm: params.algorithm, period: params.period, displayTimeout: DISPLAY_TIMEOUT_SECONDS, time });
    return { family: 'token2' };
  }
  const session = await openMolto2Session(deps, input.tokenId, connection, input.molto2);
  await session.programProfile(MOLTO2_PROFILE, {
    seed, algorithm: params.algorithm, period: params.period, digits: params.digits, displayTimeout: DISPLAY_TIMEOUT_SECONDS, time, overwrite: true,
  });
  return { family: 'molto2' };
}
