// SPDX-License-Identifier: UNLICENSED
import type { OathCredentialRef, OathSession } from '../../drivers/protocol/oath-session.js';
import { MfaError } from '../errors.js';
import { matchTokenCode, type VerifyWindow } from '../otp/match-token-code.js';
import type { Clock } from '../ports/clock.js';
import type { Store, TokenRecord } from '../store/store.js';

export interface ProveByCalculateDeps {
  store: Store;
  clock: Clock;
  window: VerifyWindow;
}

/**
 * Step 5 for YKOATH: CALCULATE (truncated) at the clock's time on the device, checked against the seed just
 * written (`matchTokenCode`, the verifier's window), then the replay guard moved to that step on the row, still in
 * `needs_reprogramming`, so the read-back code can never sign in. A code that does not match is `ERR_DEVICE`.
 */
export async function proveByCalculate(deps: ProveByCalculateDeps, token: TokenRecord, seed: Buffer, device: { session: OathSession; credential: OathCredentialRef }): Promise<void> {
  const now = deps.clock.now();
  const code = await device.session.calculate(device.credential, now);
  const m = matchTokenCode(token, seed, code.value, now, deps.window);
  if (m.kind !== 'match') {
    throw new MfaError('ERR_DEVICE', `token ${token.serial} computed a code that does not match the seed written to it`, {
      data: { hint: 'The token did not take the seed: program it again; if this repeats, the token is faulty.' },
    });
  }
  if (!(await deps.store.tokens.advanceCounter(token.id, m.counter, m.drift, now, 'needs_reprogramming'))) {
    throw new MfaError('ERR_TOKEN_STATE', `token ${token.serial} changed state while being proven`, {
      data: { hint: 'Someone changed this token at the same moment: look at it, then program it again.' },
    });
  }
}
