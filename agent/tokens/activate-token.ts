// SPDX-License-Identifier: UNLICENSED
import type { Actor } from '../actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import { MfaError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { Store, TokenRecord, UserRecord } from '../store/store.js';

export interface ActivateTokenDeps {
  store: Store;
  audit: AuditLog;
  clock: Clock;
}

/**
 * Step 6, only after the proof: in one transaction the pending seed becomes the token's active seed and the token
 * leaves `needs_reprogramming`, to `programmed` (stock) or `active` assigned to `user` (`token.assigned`
 * audited). `ERR_TOKEN_STATE` when the row changed meanwhile. Returns the new state.
 */
export async function activateToken(deps: ActivateTokenDeps, token: TokenRecord, pendingSeedSecretId: string, user: UserRecord | null, actor: Actor): Promise<'programmed' | 'active'> {
  const state = user ? 'active' : 'programmed';
  const ok = await deps.store.tokens.applyProgramming(token.id, {
    patch: { state, userId: user?.id ?? null, seedSecretId: pendingSeedSecretId, updatedAt: deps.clock.now() },
    programming: { pendingSeedSecretId: null },
  }, ['needs_reprogramming']);
  if (!ok) {
    throw new MfaError('ERR_TOKEN_STATE', `token ${token.serial} changed state before it could be activated`, {
      data: { serial: token.serial, hint: 'Someone changed this token at the same moment: look at it, then program it again.' },
    });
  }
  if (user) {
    await deps.audit.record({
      event: 'token.assigned', actor: actor.id, source: actor.source, subject: token.serial, outcome: 'success',
      details: { tokenId: token.id, userId: user.id, upn: user.upn, state },
    });
  }
  return state;
}
