// SPDX-License-Identifier: UNLICENSED
import type { SigninStep } from './signin-flow.js';

/**
 * The one failure message of each step. Whatever the true reason (unknown user, wrong password,
 * lockout; wrong, replayed or locked code, no token, no staff role), the page says the same thing;
 * the audit log (`signin.failed`) records the truth.
 */
export const SIGNIN_FAILURES: Readonly<Record<SigninStep, string>> = {
  upn: 'Enter your work account as name@domain. Accounts of other organisations cannot sign in here.',
  password: 'The account or password is not correct, or the account cannot sign in right now.',
  code: 'That code was not accepted. Wait for the next code on your token and try again.',
};

/** Shown for a transaction that is unknown, expired, already used, or bound to another browser. */
export const SIGNIN_EXPIRED = 'This sign-in has expired or was started in another browser. Go back to the application and sign in again.';
