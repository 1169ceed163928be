// SPDX-License-Identifier: UNLICENSED
import type { SigninRequest, SigninStep } from './signin-flow.js';

/**
 * A transaction's progress, stored as JSON in `SigninTransactionRecord.state`:
 * `upn` → `password` (upn = as typed) → `code` (upn canonical, userId, authAt set) → completed.
 */
export interface SigninState {
  step: SigninStep;
  upn: string | null;
  userId: string | null;
  /** When the password was verified (or, for single sign-on, when it was in the reused session). */
  authAt: number | null;
  /** Reached `code` from a single sign-on session whose code had been skipped. */
  sso: boolean;
}

export const INITIAL_STATE: SigninState = { step: 'upn', upn: null, userId: null, authAt: null, sso: false };

const STEPS: readonly string[] = ['upn', 'password', 'code'];
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Reads stored state; anything unexpected reads as the first step (the store only holds what this module wrote). */
export function readSigninState(raw: Record<string, unknown>): SigninState {
  const step = STEPS.includes(String(raw.step)) ? (raw.step as SigninStep) : 'upn';
  return {
    step,
    upn: str(raw.upn),
    userId: str(raw.userId),
    authAt: typeof raw.authAt === 'number' ? raw.authAt : null,
    sso: raw.sso === true,
  };
}

/** Reads a stored request (written by `start` from a `SigninRequest`). */
export function readSigninRequest(raw: Record<string, unknown>): SigninRequest {
  const message = raw.message;
  return {
    forceFresh: raw.forceFresh === true,
    requireMfa: raw.requireMfa === true,
    loginHint: str(raw.loginHint),
    returnTo: str(raw.returnTo),
    message: typeof message === 'object' && message !== null && !Array.isArray(message) ? (message as Record<string, unknown>) : {},
  };
}
