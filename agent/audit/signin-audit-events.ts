// SPDX-License-Identifier: UNLICENSED
import type { AuditOutcome } from '../store/store.js';
import type { AuditEventSpec } from './audit-events.js';

const ADMIN: readonly AuditOutcome[] = ['success', 'failure', 'denied'];
const USER_ID = 'id of the user';
const REASON = 'why it failed or was denied (a short machine-readable word), absent on success';

/** The audit events of the sign-in page, federation and its signing keys (part of `AUDIT_EVENTS`). */
export const SIGNIN_AUDIT_EVENTS = {
  'signin.succeeded': {
    description: 'A person signed in on the sign-in page (or was recognised by a single sign-on session) for a federation request or the staff console. Subject: the UPN.',
    writtenBy: 'agent/signin',
    details: {
      userId: USER_ID, purpose: '`saml`, `wsfed` or `staff`', transactionId: 'the sign-in transaction',
      mfa: 'true when the code was verified in this sign-in (or in the reused session)', sso: 'true when an existing session was reused without a password',
      clientIp: 'the browser address used for the decision', insideCorporateNetwork: 'true when that address is in `policy.trustedNetworks`',
      network: 'the trusted network it matched',
    },
    outcomes: ['success'],
  },
  'signin.failed': {
    description: 'A sign-in step failed (the page showed the uniform failure message). Subject: the UPN typed, as typed.',
    writtenBy: 'agent/signin',
    details: {
      purpose: '`saml`, `wsfed` or `staff`', transactionId: 'the sign-in transaction', step: '`upn`, `password` or `code`',
      reason: '`wrong_password`, `no_password` (the user has none set), `wrong_code`, `replayed`, `locked`, `no_token`, `unknown_user`, `disabled`, `not_staff` or `outside_domain` (a UPN in no federated domain)',
      clientIp: 'the browser address',
    },
    outcomes: ['failure', 'denied'],
  },
  'signin.mfa_bypassed': {
    description: 'The code step was skipped by policy (`federation.signin.skipCodeOnTrustedNetworks`) because the browser is inside a trusted network. Subject: the UPN.',
    writtenBy: 'agent/signin',
    details: { userId: USER_ID, purpose: '`saml` or `wsfed`', transactionId: 'the sign-in transaction', clientIp: 'the browser address', network: 'the trusted network it matched' },
    outcomes: ['success'],
  },
  'signin.signed_out': {
    description: 'A browser session ended on request (SAML LogoutRequest, WS-Fed wsignout1.0/wsignoutcleanup1.0, or the console\'s sign-out). Subject: the UPN, when the session was known.',
    writtenBy: 'agent/signin',
    details: { userId: USER_ID, kind: '`sso` or `staff`', protocol: '`saml`, `wsfed` or `console`', sessions: 'sessions ended' },
    outcomes: ['success'],
  },
  'federation.token_issued': {
    description: 'A signed SAML 2.0 Response or WS-Fed RSTR was issued to Entra: the issuance log to compare against sign-ins Entra reports. Subject: the UPN.',
    writtenBy: 'agent/federation',
    details: {
      userId: USER_ID, protocol: '`saml` or `wsfed`', issuer: 'the issuer URI (per domain)', domain: 'the federated domain',
      assertionId: 'ID of the signed assertion', inResponseTo: 'the AuthnRequest ID (SAML)', authnContext: 'the AuthnContextClassRef / AuthenticationMethod sent',
      mfa: 'true when the MFA claim was sent', insideCorporateNetwork: 'the insidecorporatenetwork value sent', signingKeyId: 'the key that signed it',
      authnInstant: 'the authentication instant sent (ISO 8601)',
    },
    outcomes: ['success'],
    safeKeys: ['signingKeyId'],
  },
  'federation.request_rejected': {
    description: 'An inbound SAML or WS-Fed message was refused (malformed, wrong issuer or ACS, replayed, unsigned when signatures are required, or a bad signature). Subject: the issuer it claimed, when readable.',
    writtenBy: 'agent/federation',
    details: { protocol: '`saml` or `wsfed`', endpoint: 'the endpoint path', reason: 'error code (`ERR_SAML_REQUEST`, `ERR_SIGNATURE`, …)', detail: 'what exactly was wrong', clientIp: 'the browser address' },
    outcomes: ['denied'],
  },
  'federation.key_generated': {
    description: 'A token-signing key pair was generated and sealed in the vault, with its self-signed certificate. Subject: the key id.',
    writtenBy: 'agent/federation/keys',
    details: { state: '`current` (first key) or `next`', keyBits: 'RSA modulus size', notAfter: 'certificate expiry (ISO 8601)', thumbprint: 'SHA-256 thumbprint of the certificate', reason: REASON },
    outcomes: ADMIN,
    safeKeys: ['keyBits'],
  },
  'federation.key_activated': {
    description: 'Signing-key rollover: the next key became the current signing key and the previous one was retired. Subject: the new current key id.',
    writtenBy: 'agent/federation/keys',
    details: { previousKeyId: 'the retired key', thumbprint: 'SHA-256 thumbprint of the new certificate', reason: REASON },
    outcomes: ADMIN,
    safeKeys: ['previousKeyId'],
  },
  'federation.key_retired': {
    description: 'A signing key was retired and its sealed private key destroyed. Subject: the key id.',
    writtenBy: 'agent/federation/keys',
    details: { previousState: 'the state it was in', reason: REASON },
    outcomes: ADMIN,
  },
  'staff.signed_in': {
    description: 'A staff member started a console session (password and code verified, role checked). Subject: the UPN.',
    writtenBy: 'agent/signin',
    details: { userId: USER_ID, role: '`helpdesk` or `admin`', clientIp: 'the browser address' },
    outcomes: ['success'],
  },
} as const satisfies Record<string, AuditEventSpec>;
