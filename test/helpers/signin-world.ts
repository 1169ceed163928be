// SPDX-License-Identifier: UNLICENSED
/**
 * A running appliance set up for sign-in tests: two federated domains (contoso.com over SAML,
 * fabrikam.com over WS-Fed), trusted networks, users with passwords and TOTP tokens, one staff member,
 * and helpers that walk the sign-in pages like a person (cookies, form tokens, the code from oathtool).
 */
import { expect } from 'vitest';
import type { TestAppliance, TestListen } from './open-test-services.js';
import { oathtoolTotp } from './oathtool.js';
import { signingCertificatePem } from './entra-oracle.js';
import { readForm, type WebClient, type WebResponse } from './web-client.js';

export const SEED = Buffer.from('12345678901234567890');
export const PASSWORD = 'correct horse battery staple';
export const ALICE = 'alice@contoso.com';
export const BOB = 'bob@fabrikam.com';
/** Has a password but no token. */
export const CAROL = 'carol@contoso.com';
/** Helpdesk staff (with a token), in a domain that is not federated. */
export const HELEN = 'helen@it.contoso.net';

const admin = { id: 'cli:test', source: 'cli' };

export interface SigninWorldOptions {
  skipCode?: boolean;
  sessionMinutes?: number;
  /** Extra keys of the `policy:` mapping, e.g. `lockout: { password: { freeAttempts: 1 } }`. */
  policy?: string;
  /** Extra top-level YAML (no `directory`, `federation` or `policy` key). */
  extra?: string;
  server?: string;
  listen?: TestListen;
}

/** Config of the sign-in tests. */
export function signinYaml(options: SigninWorldOptions = {}): string {
  return [
    'directory: { password: { scrypt: { cost: 16384, blockSize: 1 } } }',
    `federation: { domains: [ { name: contoso.com }, { name: fabrikam.com, protocol: wsfed } ], signin: { skipCodeOnTrustedNetworks: ${options.skipCode === true}, sessionMinutes: ${options.sessionMinutes ?? 480} } }`,
    `policy: { trustedNetworks: { corp: ["10.0.0.0/8", "127.0.0.2/32"], lab: ["fd00:1::/64", "::1/128"] }${options.policy ? `, ${options.policy}` : ''} }`,
    options.extra ?? '',
  ].join('\n');
}

export interface SigninWorld extends TestAppliance {
  /** PEM of the published token-signing certificate. */
  certPem: string;
  /** The current TOTP code of every test token (oathtool at the appliance's clock). */
  code(): string;
  /** Moves the appliance clock to the next 30 s step and returns that step's code (codes are single use). */
  nextCode(): string;
}

type Start = (yaml?: string, start?: number, server?: string, listen?: TestListen) => Promise<TestAppliance>;

/**
 * Starts the appliance with the test users. Its clock starts 2 to 2.5 minutes before real time, at the
 * start of a TOTP step: real verifiers (node-saml, xmlsec1) then accept the certificates and assertions
 * (valid from issue for 5 minutes), and `nextCode()` may move it forward 4 times before passing real time.
 */
export async function openSigninWorld(start: Start, options: SigninWorldOptions = {}): Promise<SigninWorld> {
  const a = await start(signinYaml(options), Math.floor((Date.now() - 120_000) / 30_000) * 30_000 + 1000, options.server ?? '', options.listen ?? {});
  const users = a.services.directory.users;
  for (const upn of [ALICE, BOB, CAROL, HELEN]) await users.add({ upn, displayName: upn.split('@')[0] ?? upn, password: PASSWORD }, admin);
  const token = (serial: string, upn: string) => ({
    source: { kind: 'csv' as const, line: 2 }, serial, manufacturer: '', model: '', type: 'totp' as const, algorithm: 'SHA1' as const,
    digits: 6 as const, period: 30 as const, timeDrift: 0, secret: Buffer.from(SEED), upn,
  });
  await a.services.tokens.import({ tokens: [token('A1', ALICE), token('B1', BOB), token('H1', HELEN)], format: 'oath-csv', origin: 'test', assign: true }, admin);
  await a.services.directory.staff.grant(HELEN, 'helpdesk', admin);
  const code = () => oathtoolTotp(SEED, { at: Math.floor(a.clock.now() / 1000) });
  return {
    ...a, certPem: await signingCertificatePem(a.services.store), code,
    nextCode: () => {
      a.clock.advance(30_000);
      return code();
    },
  };
}

/** Posts the page's form with `values` filled in (hidden fields, the form token included, are kept). */
export function submit(client: WebClient, page: WebResponse, values: Record<string, string>, headers: Record<string, string> = {}): Promise<WebResponse> {
  const form = readForm(page.body);
  return client.post(form.action, { ...form.fields, ...values }, headers);
}

/**
 * From a federation endpoint's 303 to `/signin`, through the UPN, password and code steps; returns the
 * last response (the auto-posting form, or a step page when one failed). `code: null` stops after the
 * password step (trusted-network bypass expected).
 */
export async function walkSignin(client: WebClient, started: WebResponse, creds: { upn?: string; password?: string; code: string | null }): Promise<WebResponse> {
  expect(started.status, started.body).toBe(303);
  let page = await client.get(started.location ?? '');
  if (readForm(page.body).fields.step === 'upn') page = await submit(client, page, { upn: creds.upn ?? ALICE });
  if (readForm(page.body).fields.step === 'password') page = await submit(client, page, { password: creds.password ?? PASSWORD });
  if (creds.code !== null && readForm(page.body).fields.step === 'code') page = await submit(client, page, { code: creds.code });
  return page;
}
