// SPDX-License-Identifier: UNLICENSED
import type { Actor } from '../actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import { MfaError } from '../errors.js';
import type { OtpVerifier, VerifyResult } from '../otp/create-otp-verifier.js';
import type { ImportedToken } from '../otp/import/imported-token.js';
import type { LockoutGuard } from '../policy/lockout-guard.js';
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';
import type { Store, TokenQuery, TokenRecord, TokenState } from '../store/store.js';
import type { Vault } from '../vault/vault.js';
import { enrolSoftToken, type SoftTokenEnrolment } from './enrol-soft-token.js';
import { exportTokens, type ExportFormat } from './export-tokens.js';
import { importTokens, type ImportFormat } from './import-tokens.js';
import { resyncToken, type ResyncResult, type ResyncWindow } from './resync-token.js';
import { tokenView, type TokenView } from './token-view.js';

/** Operator-driven state changes, and the states each may start from. */
const TRANSITIONS: Record<'revoke' | 'suspend' | 'reinstate' | 'lost' | 'unassign', { from: readonly TokenState[]; to: TokenState }> = {
  revoke: { from: ['in_stock', 'programmed', 'assigned', 'pending', 'active', 'suspended', 'lost', 'needs_reprogramming'], to: 'revoked' },
  suspend: { from: ['active'], to: 'suspended' },
  reinstate: { from: ['suspended', 'lost'], to: 'active' },
  lost: { from: ['active', 'suspended', 'assigned'], to: 'lost' },
  unassign: { from: ['active', 'suspended', 'assigned', 'pending'], to: 'in_stock' },
};
export type TokenAction = keyof typeof TRANSITIONS;

export interface TokenDirectory {
  list(query?: TokenQuery & { upn?: string }): Promise<TokenView[]>;
  /** Throws `ERR_NOT_FOUND`. */
  show(serial: string): Promise<TokenView>;
  import(input: { tokens: ImportedToken[]; format: ImportFormat; origin: string; assign: boolean }, actor: Actor): Promise<TokenView[]>;
  /** Assigns an unassigned token with a seed to a user and activates it. `ERR_TOKEN_STATE` otherwise. */
  assign(serial: string, upn: string, actor: Actor): Promise<TokenView>;
  /** Revoking also destroys the sealed seed. `ERR_TOKEN_STATE` when the transition is not allowed. */
  change(serial: string, action: TokenAction, reason: string, actor: Actor): Promise<TokenView>;
  /** A code checked against this one token (helpdesk "does this token work?"): same lockout and replay guard. */
  verify(serial: string, code: string, actor: Actor): Promise<VerifyResult>;
  resync(serial: string, code1: string, code2: string, actor: Actor): Promise<ResyncResult>;
  enrolSoftToken(upn: string, actor: Actor): Promise<SoftTokenEnrolment>;
  /** Activates a pending soft token with its first code. */
  confirmEnrolment(serial: string, code: string, actor: Actor): Promise<VerifyResult>;
  /**
   * Seeds leave the appliance: the caller must have checked admin rights and the explicit acknowledgement.
   * Only active hardware tokens are exported; naming another one is `ERR_TOKEN_STATE`.
   */
  export(serials: string[] | 'all', format: ExportFormat, target: string, actor: Actor): Promise<string>;
  unlockUser(upn: string, actor: Actor): Promise<boolean>;
}

export interface TokenDirectoryDeps {
  store: Store;
  vault: Vault;
  verifier: OtpVerifier;
  lockout: LockoutGuard;
  audit: AuditLog;
  clock: Clock;
  random: Random;
  resyncWindow: ResyncWindow;
  issuer: string;
}

export function createTokenDirectory(deps: TokenDirectoryDeps): TokenDirectory {
  const { store, vault, verifier, lockout, audit, clock } = deps;
  const upnOf = async (userId: string | null) => (userId ? ((await store.users.getById(userId))?.upn ?? null) : null);
  const view = async (t: TokenRecord) => tokenView(t, await upnOf(t.userId));
  const find = async (serial: string) => {
    const t = await store.tokens.getBySerial(serial.trim());
    if (!t) throw new MfaError('ERR_NOT_FOUND', `no token with serial ${JSON.stringify(serial)}`, { data: { serial } });
    return t;
  };
  const user = async (upn: string) => {
    const u = await store.users.getByUpn(upn);
    if (!u) throw new MfaError('ERR_NOT_FOUND', `no user ${JSON.stringify(upn)}`, { data: { upn } });
    return u;
  };
  const stateError = (t: TokenRecord, what: string) =>
    new MfaError('ERR_TOKEN_STATE', `token ${t.serial} is ${t.state}: cannot ${what}`, { data: { serial: t.serial, state: t.state } });

  return {
    async list(query = {}) {
      const { upn, ...rest } = query;
      const q: TokenQuery = upn ? { ...rest, userId: (await user(upn)).id } : rest;
      return Promise.all((await store.tokens.list(q)).map(view));
    },
    async show(serial) {
      return view(await find(serial));
    },
    async import(input, actor) {
      return Promise.all((await importTokens({ ...deps, maxDriftSteps: deps.resyncWindow.maxDriftSteps }, { ...input, actor })).map(view));
    },
    async assign(serial, upn, actor) {
      const t = await find(serial);
      const u = await user(upn);
      if (t.seedSecretId === null) throw stateError(t, 'assign a token without a seed (program it first)');
      // An app's seed lives on one person's phone: it is enrolled for a user, never handed on.
      if (t.kind === 'software_totp') throw stateError(t, 'assign an authenticator app to someone else (enrol a new one for them)');
      const ok = await store.tokens.update(t.id, { userId: u.id, state: 'active', updatedAt: clock.now() }, ['in_stock', 'programmed']);
      if (!ok) throw stateError(t, `assign it (unassign it first${t.state === 'revoked' ? '; revoked tokens cannot return' : ''})`);
      await audit.record({
        event: 'token.assigned', actor: actor.id, source: actor.source, subject: t.serial, outcome: 'success',
        details: { tokenId: t.id, userId: u.id, upn: u.upn, state: 'active' },
      });
      return view(await find(serial));
    },
    async change(serial, action, reason, actor) {
      const t = await find(serial);
      const { from, to } = TRANSITIONS[action];
      if (action === 'reinstate' && !t.userId) throw stateError(t, 'reinstate an unassigned token');
      if (action === 'unassign' && t.kind === 'software_totp') throw stateError(t, 'unassign an authenticator app (revoke it; its seed is on the user\'s phone)');
      const patch = { state: to, updatedAt: clock.now(), ...(action === 'unassign' ? { userId: null } : {}), ...(to === 'revoked' ? { seedSecretId: null } : {}) };
      if (!from.includes(t.state) || !(await store.tokens.update(t.id, patch, [t.state]))) throw stateError(t, action);
      if (to === 'revoked' && t.seedSecretId) await vault.destroy(t.seedSecretId);
      await audit.record({
        event: 'token.state_changed', actor: actor.id, source: actor.source, subject: t.serial, outcome: 'success',
        details: { tokenId: t.id, from: t.state, to, reason },
      });
      return view(await find(serial));
    },
    async verify(serial, code, actor) {
      const t = await find(serial);
      return verifier.verifyToken(t, code, 'active', 'api', actor);
    },
    async resync(serial, code1, code2, actor) {
      const t = await find(serial);
      if (t.state !== 'active' && t.state !== 'suspended') throw stateError(t, 'resync');
      return resyncToken({ ...deps, window: deps.resyncWindow }, t, code1, code2, actor);
    },
    async enrolSoftToken(upn, actor) {
      return enrolSoftToken(deps, await user(upn), actor);
    },
    async confirmEnrolment(serial, code, actor) {
      const t = await find(serial);
      const result = await verifier.verifyToken(t, code, 'pending', 'enrolment', actor);
      if (!result.ok) return result;
      if (!(await store.tokens.update(t.id, { state: 'active', updatedAt: clock.now() }, ['pending']))) throw stateError(t, 'activate');
      await audit.record({ event: 'token.activated', actor: actor.id, source: actor.source, subject: t.serial, outcome: 'success', details: { tokenId: t.id, userId: t.userId } });
      return result;
    },
    async export(serials, format, target, actor) {
      // Only tokens in use belong in Entra: a lost, suspended or pending token must not start working there.
      const exportable = (t: TokenRecord) => t.state === 'active' && t.kind !== 'software_totp' && t.seedSecretId !== null;
      const tokens = serials === 'all' ? (await store.tokens.list({ state: 'active' })).filter(exportable) : await Promise.all(serials.map(find));
      const refused = tokens.filter((t) => !exportable(t)).map((t) => `${t.serial} (${t.kind === 'software_totp' ? 'an authenticator app' : t.state})`);
      if (refused.length) throw new MfaError('ERR_TOKEN_STATE', `only active hardware tokens are exported; refused: ${refused.join(', ')}`, { data: { refused } });
      if (tokens.length === 0) throw new MfaError('ERR_NOT_FOUND', 'no active hardware token to export');
      return exportTokens({ store, vault, audit }, tokens, format, target, actor);
    },
    async unlockUser(upn, actor) {
      const u = await user(upn);
      return lockout.reset({ id: u.id, upn: u.upn }, actor);
    },
  };
}
