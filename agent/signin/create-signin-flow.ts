// SPDX-License-Identifier: UNLICENSED
import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { Actor } from '../actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { StaffDirectory } from '../directory/staff-directory.js';
import type { UserDirectory, UserView } from '../directory/user-directory.js';
import { MfaError } from '../errors.js';
import { domainForUpn, type FederatedDomain } from '../federation/federated-domains.js';
import type { OtpVerifier } from '../otp/create-otp-verifier.js';
import type { PasswordChecker } from '../policy/check-password.js';
import type { TrustedNetworks } from '../policy/trusted-networks.js';
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';
import type { SigninTransactionRecord, SigninTransactionStore, StaffRole } from '../store/store.js';
import { hashSessionToken, type WebSessions } from './create-web-sessions.js';
import { findReusableSession } from './find-reusable-session.js';
import type { IssuedSession, SigninContext, SigninFlow, SigninFlowPurpose, SigninOutcome, SigninRequest, SigninStep, SigninSubmission, SigninView } from './signin-flow.js';
import { SIGNIN_EXPIRED, SIGNIN_FAILURES } from './signin-messages.js';
import { INITIAL_STATE, readSigninRequest, readSigninState, type SigninState } from './signin-state.js';

export interface SigninFlowOptions {
  /** `federation.signin.transactionSeconds` in ms. */
  transactionMs: number;
  /** `federation.signin.sessionMinutes` in ms; 0 disables single sign-on. */
  ssoSessionMs: number;
  /** `helpdesk.session.maxHours` in ms. */
  staffSessionMs: number;
  /** `federation.signin.skipCodeOnTrustedNetworks`. */
  skipCodeOnTrustedNetworks: boolean;
}

export interface SigninFlowDeps {
  transactions: SigninTransactionStore;
  sessions: WebSessions;
  passwords: PasswordChecker;
  otp: Pick<OtpVerifier, 'verifyUser'>;
  users: Pick<UserDirectory, 'find'>;
  staff: Pick<StaffDirectory, 'roleOf'>;
  audit: AuditLog;
  clock: Clock;
  random: Random;
  trustedNetworks: TrustedNetworks;
  /** The resolved `federation.domains`. */
  domains: readonly FederatedDomain[];
  options: SigninFlowOptions;
}

/** 128-bit transaction ids and 256-bit binding tokens, base64url. */
const TX_ID = /^[A-Za-z0-9_-]{22}$/;
const BINDING = /^[A-Za-z0-9_-]{43}$/;
const MAX_INPUT = 256;

interface Loaded {
  tx: SigninTransactionRecord & { purpose: SigninFlowPurpose };
  state: SigninState;
  request: SigninRequest;
}

interface Finish {
  user: UserView;
  domain: FederatedDomain | null;
  authAt: number;
  mfaAt: number | null;
  /** A live sso session was reused as it is (no new cookie). */
  reused: boolean;
  role: StaffRole | null;
}

/** The sign-in engine (contracts on `SigninFlow`). */
export function createSigninFlow(deps: SigninFlowDeps): SigninFlow {
  const { transactions, sessions, passwords, otp, users, staff, audit, clock, random, trustedNetworks, domains, options } = deps;

  const source = (ip: string): string => (isIP(ip) === 0 ? 'system' : ip);
  const actorOf = (upn: string | null, ip: string): Actor => ({ id: upn ? `user:${upn}` : 'system', source: source(ip) });
  const expired = (reason: string): MfaError => new MfaError('ERR_SIGNIN_EXPIRED', SIGNIN_EXPIRED, { data: { reason } });
  const canSkipCode = (purpose: SigninFlowPurpose, request: SigninRequest): boolean =>
    options.skipCodeOnTrustedNetworks && purpose !== 'staff' && !request.forceFresh && !request.requireMfa;

  function bindingMatches(hash: string, token: string | undefined): boolean {
    if (token === undefined || !BINDING.test(token)) return false;
    const given = Buffer.from(hashSessionToken(token), 'utf8');
    const stored = Buffer.from(hash, 'utf8');
    return given.length === stored.length && timingSafeEqual(given, stored);
  }

  async function load(id: string, bindingToken: string | undefined): Promise<Loaded> {
    const tx = TX_ID.test(id) ? await transactions.get(id) : null;
    if (tx === null) throw expired('unknown');
    if (tx.completedAt !== null) throw expired('used');
    if (tx.expiresAt <= clock.now()) throw expired('expired');
    if (!bindingMatches(tx.bindingHash, bindingToken)) throw expired('other_browser');
    // A self-service form's transaction: same browser, but not a sign-in.
    if (tx.purpose === 'self') throw expired('other_page');
    return { tx: { ...tx, purpose: tx.purpose }, state: readSigninState(tx.state), request: readSigninRequest(tx.request) };
  }

  const view = (l: Loaded, state: SigninState): SigninView => ({
    transactionId: l.tx.id, purpose: l.tx.purpose, step: state.step, csrf: l.tx.csrf, upn: state.upn ?? l.request.loginHint, expiresAt: l.tx.expiresAt,
  });
  const show = (l: Loaded, state: SigninState, failure: string | null): SigninOutcome => ({ kind: 'step', view: view(l, state), failure });

  async function advance(l: Loaded, state: SigninState): Promise<SigninOutcome> {
    if (!(await transactions.updateState(l.tx.id, { ...state }, clock.now()))) throw expired('closed');
    return show(l, state, null);
  }

  async function fail(l: Loaded, step: SigninStep, upn: string, reason: string, ip: string): Promise<SigninOutcome> {
    await audit.record({
      event: 'signin.failed', actor: actorOf(upn, ip).id, source: source(ip), subject: upn, outcome: reason === 'locked' || reason === 'not_staff' ? 'denied' : 'failure',
      details: { purpose: l.tx.purpose, transactionId: l.tx.id, step, reason, clientIp: ip },
    });
    return show(l, l.state, SIGNIN_FAILURES[step]);
  }

  async function finish(l: Loaded, f: Finish, ctx: SigninContext): Promise<SigninOutcome> {
    const { tx, request } = l;
    const ip = ctx.clientIp;
    const network = trustedNetworks.networkOf(ip);
    if (!(await transactions.complete(tx.id, clock.now()))) throw expired('used');
    let session: IssuedSession | null = null;
    const base = { userId: f.user.id, authAt: f.authAt, mfaAt: f.mfaAt };
    if (tx.purpose === 'staff') {
      const created = await sessions.create({ ...base, kind: 'staff', data: { role: f.role }, ttlMs: options.staffSessionMs, replaces: ctx.staffToken ?? null });
      session = { kind: 'staff', token: created.token, maxAgeMs: options.staffSessionMs };
      await audit.record({
        event: 'staff.signed_in', actor: `staff:${f.user.upn}`, source: source(ip), subject: f.user.upn, outcome: 'success',
        details: { userId: f.user.id, role: f.role, clientIp: ip },
      });
    } else if (!f.reused && options.ssoSessionMs > 0 && f.domain !== null) {
      const created = await sessions.create({ ...base, kind: 'sso', data: { domain: f.domain.name }, ttlMs: options.ssoSessionMs, replaces: ctx.ssoToken ?? null });
      session = { kind: 'sso', token: created.token, maxAgeMs: options.ssoSessionMs };
    }
    const mfa = f.mfaAt !== null;
    const inside = network !== null;
    await audit.record({
      event: 'signin.succeeded', actor: actorOf(f.user.upn, ip).id, source: source(ip), subject: f.user.upn, outcome: 'success',
      details: {
        userId: f.user.id, purpose: tx.purpose, transactionId: tx.id, mfa, sso: f.reused || l.state.sso, clientIp: ip, insideCorporateNetwork: inside,
        ...(network === null ? {} : { network }),
      },
    });
    return {
      kind: 'done',
      result: {
        transactionId: tx.id, purpose: tx.purpose, request, user: { id: f.user.id, upn: f.user.upn, immutableId: f.user.immutableId }, domain: f.domain,
        authnInstant: f.mfaAt ?? f.authAt, mfa, insideCorporateNetwork: inside, network, sso: f.reused || l.state.sso, role: f.role, session,
      },
    };
  }

  async function bypass(l: Loaded, user: UserView, ip: string): Promise<void> {
    await audit.record({
      event: 'signin.mfa_bypassed', actor: actorOf(user.upn, ip).id, source: source(ip), subject: user.upn, outcome: 'success',
      details: { userId: user.id, purpose: l.tx.purpose, transactionId: l.tx.id, clientIp: ip, network: trustedNetworks.networkOf(ip) },
    });
  }

  /** Single sign-on on the first display: complete, or ask only the code when the session skipped it and policy no longer does. */
  async function trySso(l: Loaded, ctx: SigninContext): Promise<SigninOutcome | null> {
    if (l.tx.purpose === 'staff' || l.state.step !== 'upn') return null;
    const reuse = await findReusableSession({ sessions, users, domains }, ctx.ssoToken, l.request);
    if (reuse === null) return null;
    const { session, user, domain } = reuse;
    const skip = canSkipCode(l.tx.purpose, l.request) && trustedNetworks.networkOf(ctx.clientIp) !== null;
    if (session.mfaAt === null && !skip) {
      return advance(l, { step: 'code', upn: user.upn, userId: user.id, authAt: session.authAt, sso: true });
    }
    if (session.mfaAt === null) await bypass(l, user, ctx.clientIp);
    return finish(l, { user, domain, authAt: session.authAt, mfaAt: session.mfaAt, reused: true, role: null }, ctx);
  }

  async function upnStep(l: Loaded, input: SigninSubmission, ctx: SigninContext): Promise<SigninOutcome> {
    const upn = (input.upn ?? '').trim();
    if (upn.length === 0 || upn.length > MAX_INPUT || !upn.includes('@')) return show(l, l.state, SIGNIN_FAILURES.upn);
    if (l.tx.purpose !== 'staff' && domainForUpn(domains, upn) === null) return fail(l, 'upn', upn, 'outside_domain', ctx.clientIp);
    return advance(l, { ...INITIAL_STATE, step: 'password', upn });
  }

  /** The true reason of a password failure, for the audit log only. */
  async function passwordReason(upn: string, locked: boolean): Promise<string> {
    if (locked) return 'locked';
    const user = await users.find(upn);
    if (user === null) return 'unknown_user';
    if (!user.enabled) return 'disabled';
    return user.hasPassword ? 'wrong_password' : 'no_password';
  }

  async function passwordStep(l: Loaded, input: SigninSubmission, ctx: SigninContext): Promise<SigninOutcome> {
    const upn = l.state.upn ?? '';
    const password = input.password ?? '';
    if (password.length === 0 || password.length > 1024) return show(l, l.state, SIGNIN_FAILURES.password);
    const checked = await passwords.check(upn, password, actorOf(upn, ctx.clientIp), ctx.clientIp);
    if (!checked.ok) return fail(l, 'password', upn, await passwordReason(upn, checked.reason === 'locked'), ctx.clientIp);
    const user = checked.user;
    const domain = l.tx.purpose === 'staff' ? null : domainForUpn(domains, user.upn);
    if (l.tx.purpose !== 'staff' && domain === null) return fail(l, 'password', upn, 'outside_domain', ctx.clientIp);
    const authAt = clock.now();
    if (canSkipCode(l.tx.purpose, l.request) && trustedNetworks.networkOf(ctx.clientIp) !== null) {
      await bypass(l, user, ctx.clientIp);
      return finish(l, { user, domain, authAt, mfaAt: null, reused: false, role: null }, ctx);
    }
    return advance(l, { step: 'code', upn: user.upn, userId: user.id, authAt, sso: false });
  }

  async function codeStep(l: Loaded, input: SigninSubmission, ctx: SigninContext): Promise<SigninOutcome> {
    const upn = l.state.upn ?? '';
    const code = (input.code ?? '').replace(/\s+/g, '');
    if (code.length === 0 || code.length > 16) return show(l, l.state, SIGNIN_FAILURES.code);
    const verified = await otp.verifyUser({ upn, code, purpose: 'sign-in', actor: actorOf(upn, ctx.clientIp), limitSource: ctx.clientIp });
    if (!verified.ok) return fail(l, 'code', upn, verified.reason, ctx.clientIp);
    const user = l.state.userId === null ? null : await users.find(l.state.userId);
    if (user === null || !user.enabled || l.state.authAt === null) return fail(l, 'code', upn, user === null ? 'unknown_user' : 'disabled', ctx.clientIp);
    let role: StaffRole | null = null;
    if (l.tx.purpose === 'staff') {
      role = await staff.roleOf(user.id);
      if (role === null) return fail(l, 'code', upn, 'not_staff', ctx.clientIp);
    }
    const domain = l.tx.purpose === 'staff' ? null : domainForUpn(domains, user.upn);
    if (l.tx.purpose !== 'staff' && domain === null) return fail(l, 'code', upn, 'outside_domain', ctx.clientIp);
    return finish(l, { user, domain, authAt: l.state.authAt, mfaAt: verified.verifiedAt ?? clock.now(), reused: false, role }, ctx);
  }

  return {
    async start(purpose, request, ctx) {
      const bindingToken = ctx.bindingToken !== undefined && BINDING.test(ctx.bindingToken) ? ctx.bindingToken : random.bytes(32).toString('base64url');
      const now = clock.now();
      const tx: SigninTransactionRecord = {
        id: random.bytes(16).toString('base64url'), bindingHash: hashSessionToken(bindingToken), csrf: random.bytes(32).toString('base64url'),
        purpose, request: { ...request }, state: { ...INITIAL_STATE }, createdAt: now, expiresAt: now + options.transactionMs, completedAt: null,
      };
      await transactions.create(tx);
      return { transactionId: tx.id, bindingToken };
    },

    async current(id, ctx) {
      const l = await load(id, ctx.bindingToken);
      return view(l, l.state);
    },

    async open(id, ctx) {
      const l = await load(id, ctx.bindingToken);
      return (await trySso(l, ctx)) ?? show(l, l.state, null);
    },

    async submit(id, input, ctx) {
      const l = await load(id, ctx.bindingToken);
      if (input.step !== l.state.step) return show(l, l.state, null);
      if (l.state.step === 'upn') return upnStep(l, input, ctx);
      if (l.state.step === 'password') return passwordStep(l, input, ctx);
      return codeStep(l, input, ctx);
    },

    async signOut(kind, token, protocol, clientIp) {
      const live = await sessions.resolve(token, kind);
      if (live !== null) await sessions.end(token);
      const user = live === null ? null : await users.find(live.userId);
      await audit.record({
        event: 'signin.signed_out', actor: user ? `user:${user.upn}` : 'system', source: source(clientIp), subject: user?.upn ?? null, outcome: 'success',
        details: { ...(live === null ? {} : { userId: live.userId }), kind, protocol, sessions: live === null ? 0 : 1 },
      });
      return user?.upn ?? null;
    },

    async prune() {
      const now = clock.now();
      return { transactions: await transactions.pruneExpired(now), sessions: await sessions.prune() };
    },
  };
}
