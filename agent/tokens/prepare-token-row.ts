// SPDX-License-Identifier: UNLICENSED
import type { Actor } from '../actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import { MfaError } from '../errors.js';
import { SEED_PURPOSE } from '../otp/seed-purpose.js';
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';
import type { Store, TokenPatch, TokenRecord, TokenState } from '../store/store.js';
import type { Vault } from '../vault/vault.js';
import { SEED_BYTES, type ProgrammingPolicy } from './programming-policy.js';

export interface PrepareTokenRowDeps {
  store: Store;
  vault: Vault;
  audit: AuditLog;
  clock: Clock;
  random: Random;
}

/** What the tapped token is, as the job will record it. */
export interface DetectedToken {
  serial: string;
  manufacturer: string;
  model: string;
  firmware: string | null;
}

export interface PrepareTokenRowInput {
  token: DetectedToken;
  params: ProgrammingPolicy;
  /** Allow burning over a token that has a seed or is in use (its seed is destroyed first). */
  reprogram: boolean;
  reader: string;
  actor: Actor;
}

export interface PreparedTokenRow {
  /** The row as it now stands: `needs_reprogramming`, no active seed, no user, `lastCounter` -1. */
  token: TokenRecord;
  /** The new seed in the clear, for the burn and the proof only; the caller zeroes it. */
  seed: Buffer;
  /** Where the same seed is sealed as the token's pending seed. */
  pendingSeedSecretId: string;
}

/** States that hold nothing to lose: a token here is (re)burnt without the `reprogram` flag. */
const FREE_STATES: readonly TokenState[] = ['needs_reprogramming', 'in_stock'];

/**
 * Step 3 of a programming job, before anything is written to the device: generates the seed (20 bytes for SHA-1,
 * 32 for SHA-256, from `random`), seals it as the token's pending seed and leaves the row in `needs_reprogramming`
 * with no active seed and no user, so a crash at any later point leaves exactly that.
 * Rules:
 * - a new serial gets a new row (`origin: program`);
 * - a token that has an active seed, or is in any state but `needs_reprogramming` / `in_stock`, is refused with
 *   `ERR_TOKEN_STATE` unless `reprogram`; then its active and pending seeds are destroyed in the same transaction
 *   and `token.state_changed` (reason `reprogram`) is audited;
 * - an authenticator app's serial is never reused (`ERR_TOKEN_STATE`);
 * - the row's descriptive fields (kind, model, firmware, hash, digits, period) are set to what is burnt now.
 */
export async function prepareTokenRow(deps: PrepareTokenRowDeps, input: PrepareTokenRowInput): Promise<PreparedTokenRow> {
  const { store, vault, clock, random } = deps;
  const { token: found, params } = input;
  const existing = await store.tokens.getBySerial(found.serial);
  if (existing) refuseUnlessAllowed(existing, input.reprogram);
  const seed = random.bytes(SEED_BYTES[params.algorithm]);
  try {
    const sealed = vault.sealRecord(SEED_PURPOSE, seed);
    const now = clock.now();
    const fields = {
      kind: 'hardware_totp', manufacturer: found.manufacturer, model: found.model, firmware: found.firmware,
      algorithm: params.algorithm, digits: params.digits, period: params.period, origin: 'program',
    } as const;
    let id: string;
    if (!existing) {
      id = random.uuid();
      await store.tokens.create({
        id, serial: found.serial, ...fields, userId: null, state: 'needs_reprogramming', seedSecretId: null,
        lastCounter: -1, drift: 0, createdAt: now, updatedAt: now, lastUsedAt: null,
      }, null);
      await stage(deps, id, { updatedAt: now }, sealed, [], ['needs_reprogramming'], found.serial);
    } else {
      id = existing.id;
      const previous = await store.tokens.programmingState(id);
      const destroy = [existing.seedSecretId, previous?.pendingSeedSecretId ?? null].filter((x): x is string => x !== null);
      const patch: TokenPatch = { ...fields, state: 'needs_reprogramming', userId: null, seedSecretId: null, lastCounter: -1, drift: 0, updatedAt: now };
      await stage(deps, id, patch, sealed, destroy, [existing.state], found.serial);
      if (existing.state !== 'needs_reprogramming') {
        await deps.audit.record({
          event: 'token.state_changed', actor: input.actor.id, source: input.actor.source, subject: existing.serial, outcome: 'success',
          details: { tokenId: id, from: existing.state, to: 'needs_reprogramming', reason: existing.seedSecretId ? 'reprogram' : 'program', reader: input.reader },
        });
      }
    }
    const token = await store.tokens.getById(id);
    if (!token) throw new MfaError('ERR_TOKEN_STATE', `token ${found.serial} disappeared while being prepared`, { data: { serial: found.serial } });
    return { token, seed, pendingSeedSecretId: sealed.id };
  } catch (err) {
    seed.fill(0);
    throw err;
  }
}

function refuseUnlessAllowed(t: TokenRecord, reprogram: boolean): void {
  const refuse = (why: string, hint: string) => new MfaError('ERR_TOKEN_STATE', `token ${t.serial} ${why}`, { data: { serial: t.serial, state: t.state, hint } });
  if (t.kind === 'software_totp') throw refuse('is an authenticator app, not a programmable token', 'Check the serial: it belongs to an authenticator app.');
  if (reprogram) return;
  if (t.seedSecretId !== null || !FREE_STATES.includes(t.state)) {
    throw refuse(
      `is ${t.state}${t.userId ? ' and assigned to a user' : ''}${t.seedSecretId ? ' with a working seed' : ''}: not burnt again without reprogram`,
      'This token is already programmed. Reprogram it only on purpose (its current seed stops working): use the reprogram option.',
    );
  }
}

async function stage(
  deps: PrepareTokenRowDeps, id: string, patch: TokenPatch, sealed: ReturnType<PrepareTokenRowDeps['vault']['sealRecord']>,
  destroy: string[], from: readonly TokenState[], serial: string,
): Promise<void> {
  const ok = await deps.store.tokens.applyProgramming(id, { patch, programming: { pendingSeedSecretId: sealed.id }, insert: [sealed], destroy }, from);
  if (!ok) {
    throw new MfaError('ERR_TOKEN_STATE', `token ${serial} changed state while being prepared`, {
      data: { serial, hint: 'Someone changed this token at the same moment: look at it, then program it again.' },
    });
  }
}
