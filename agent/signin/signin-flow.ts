// SPDX-License-Identifier: UNLICENSED
import type { FederatedDomain } from '../federation/federated-domains.js';
import type { SigninPurpose, StaffRole } from '../store/store.js';

/** The purposes `/signin` serves; a `self` transaction (a self-service form) is refused there. */
export type SigninFlowPurpose = Exclude<SigninPurpose, 'self'>;

/** The steps a person goes through on `/signin`, in order. Trusted-network policy may drop `code`. */
export type SigninStep = 'upn' | 'password' | 'code';

/**
 * What a transaction signs in for, as the protocol request asked. Stored as JSON in the transaction.
 * `message` is the parsed protocol request handed back at completion (SAML AuthnRequest, WS-Fed
 * wsignin1.0), or `{}` for the console.
 */
export interface SigninRequest {
  /** `ForceAuthn="true"`, `wfresh=0` or `prompt=login`: a fresh password and code, no single sign-on. */
  forceFresh: boolean;
  /** The relying party asked for MFA (WS-Fed `wauth=…/multipleauthn`): the code is never skipped. */
  requireMfa: boolean;
  /** The account the relying party expects (WS-Fed `username`), prefilled; single sign-on only for that user. */
  loginHint: string | null;
  /** Staff console: the local path to return to after sign-in. */
  returnTo: string | null;
  message: Record<string, unknown>;
}

/** The context of one browser request, for policy decisions and the audit log. */
export interface SigninContext {
  /** The browser address (`res.locals.clientIp`). */
  clientIp: string;
  /** Value of the browser-binding cookie, when the browser sent one. */
  bindingToken: string | undefined;
  /** Value of the single sign-on cookie, when sent. */
  ssoToken: string | undefined;
  /** Value of the staff session cookie, when sent (replaced at a staff sign-in). */
  staffToken: string | undefined;
}

/** What the page of the current step shows. Holds no secret except the form token. */
export interface SigninView {
  transactionId: string;
  purpose: SigninFlowPurpose;
  step: SigninStep;
  /** The form token every POST of this transaction must carry (check with `formTokenMatches`). */
  csrf: string;
  /** The account being signed in (typed, hinted, or of the reused session); null before the UPN step. */
  upn: string | null;
  expiresAt: number;
}

/** A session cookie to set: the token is shown once and never stored. */
export interface IssuedSession {
  kind: 'sso' | 'staff';
  token: string;
  maxAgeMs: number;
}

/** A completed sign-in: who, how and when, and the session cookie to set. */
export interface SigninResult {
  transactionId: string;
  purpose: SigninFlowPurpose;
  request: SigninRequest;
  user: { id: string; upn: string; immutableId: string };
  /** The user's federated domain (saml, wsfed); null for the console. */
  domain: FederatedDomain | null;
  /** When the code was verified, or, when it was skipped, when the password was (ms). */
  authnInstant: number;
  /** True when the code was verified (in this sign-in or in the reused session). */
  mfa: boolean;
  /** The browser address is in `policy.trustedNetworks` (always judged on the current request). */
  insideCorporateNetwork: boolean;
  /** The trusted network it matched, or null. */
  network: string | null;
  /** An existing single sign-on session was reused: no password was asked. */
  sso: boolean;
  /** The staff role (console sign-ins). */
  role: StaffRole | null;
  session: IssuedSession | null;
}

/** Either the page of a step (with the step's one uniform failure message, if the last try failed) or a completed sign-in. */
export type SigninOutcome =
  | { kind: 'step'; view: SigninView; failure: string | null }
  | { kind: 'done'; result: SigninResult };

/** What the form of a step posted. */
export interface SigninSubmission {
  /** The step the form was for; a stale form (back button) just shows the current step again. */
  step: string;
  upn?: string;
  password?: string;
  code?: string;
}

/**
 * The sign-in engine behind `/signin`, shared by federation (SAML, WS-Fed) and the staff console.
 * Contracts:
 * - a transaction is bound to the browser that started it (SHA-256 of the binding cookie is stored),
 *   lives `federation.signin.transactionSeconds`, and completes once; anything else, and a transaction of
 *   another page (purpose `self`), is `ERR_SIGNIN_EXPIRED`;
 * - the UPN step never reveals whether the user exists (any UPN of a federated domain goes on to the
 *   password step); each step shows one uniform failure message and audits `signin.failed` with the true reason;
 * - `forceFresh` always asks the password and the code; a trusted network skips the code only by policy
 *   (`skipCodeOnTrustedNetworks`), only for federation, never when forced or when MFA is required;
 * - single sign-on reuses an `sso` session of the same user and domain: its times and MFA are reported,
 *   but the network is judged on the current request, and a session whose code was skipped asks for the
 *   code outside a trusted network;
 * - a console sign-in needs password, code and a staff role (no role: the code step's uniform failure).
 */
export interface SigninFlow {
  /** Opens a transaction. `bindingToken` is the browser's binding cookie to set (a new one unless `ctx` had a well-formed one). */
  start(purpose: SigninFlowPurpose, request: SigninRequest, ctx: Pick<SigninContext, 'bindingToken'>): Promise<{ transactionId: string; bindingToken: string }>;
  /** The current step (for the form's token and prefill); `ERR_SIGNIN_EXPIRED` when not open for this browser. */
  current(transactionId: string, ctx: Pick<SigninContext, 'bindingToken'>): Promise<SigninView>;
  /** `GET /signin`: completes by single sign-on when a reusable session is presented, else shows the current step. */
  open(transactionId: string, ctx: SigninContext): Promise<SigninOutcome>;
  /** `POST /signin`: one step. The caller has checked the form token against `current().csrf`. */
  submit(transactionId: string, input: SigninSubmission, ctx: SigninContext): Promise<SigninOutcome>;
  /**
   * Ends the session of a cookie token (`sso` for the federation sign-outs, `staff` for the console's) and
   * audits `signin.signed_out`. Returns the UPN, or null when no such session was live.
   */
  signOut(kind: 'sso' | 'staff', token: string | undefined, protocol: 'saml' | 'wsfed' | 'console', clientIp: string): Promise<string | null>;
  /** Deletes expired transactions and sessions. */
  prune(): Promise<{ transactions: number; sessions: number }>;
}
