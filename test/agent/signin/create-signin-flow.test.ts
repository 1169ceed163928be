// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { MfaError } from '../../../agent/errors.js';
import { resolveFederatedDomains } from '../../../agent/federation/federated-domains.js';
import { createTrustedNetworks } from '../../../agent/policy/trusted-networks.js';
import { createSystemRandom } from '../../../agent/ports/random.js';
import { createSigninFlow, type SigninFlowOptions } from '../../../agent/signin/create-signin-flow.js';
import { createWebSessions } from '../../../agent/signin/create-web-sessions.js';
import type { SigninContext, SigninOutcome, SigninRequest } from '../../../agent/signin/signin-flow.js';
import { SIGNIN_FAILURES } from '../../../agent/signin/signin-messages.js';
import { hotp } from '../../../agent/otp/hotp.js';
import { useTestServices } from '../../helpers/open-test-services.js';

const open = useTestServices();
const admin = { id: 'cli:test', source: 'cli' };
const SEED = Buffer.from('12345678901234567890');
const PASSWORD = 'correct horse battery staple';
const REQUEST: SigninRequest = { forceFresh: false, requireMfa: false, loginHint: null, returnTo: null, message: { id: '_req1' } };

async function setup(options: Partial<SigninFlowOptions> = {}) {
  const t = await open('directory: { password: { scrypt: { cost: 16384, blockSize: 1 } } }');
  const { services, clock } = t;
  for (const upn of ['alice@contoso.com', 'helen@it.contoso.net']) await services.directory.users.add({ upn, displayName: upn, password: PASSWORD }, admin);
  await services.tokens.import({
    tokens: ['alice@contoso.com', 'helen@it.contoso.net'].map((upn, i) => ({
      source: { kind: 'csv' as const, line: i + 2 }, serial: `T${i}`, manufacturer: '', model: '', type: 'totp' as const, algorithm: 'SHA1' as const,
      digits: 6 as const, period: 30 as const, timeDrift: 0, secret: Buffer.from(SEED), upn,
    })),
    format: 'oath-csv', origin: 'test', assign: true,
  }, admin);
  await services.directory.staff.grant('helen@it.contoso.net', 'admin', admin);
  const random = createSystemRandom();
  const sessions = createWebSessions({ sessions: services.store.sessions, clock, random });
  const flow = createSigninFlow({
    transactions: services.store.signin, sessions, passwords: services.passwords, otp: services.otp, users: services.directory.users,
    staff: services.directory.staff, audit: services.audit, clock, random,
    trustedNetworks: createTrustedNetworks({ corp: ['10.0.0.0/8'] }),
    domains: resolveFederatedDomains([{ name: 'contoso.com', protocol: 'saml', issuer: null }], 'https://mfa.contoso.test'),
    options: { transactionMs: 600_000, ssoSessionMs: 3_600_000, staffSessionMs: 12 * 3_600_000, skipCodeOnTrustedNetworks: true, ...options },
  });
  const code = () => hotp(SEED, Math.floor(clock.now() / 30_000), 6, 'SHA1');
  return { ...t, flow, sessions, code };
}

const ctx = (bindingToken: string | undefined, over: Partial<SigninContext> = {}): SigninContext => ({ clientIp: '192.0.2.1', bindingToken, ssoToken: undefined, staffToken: undefined, ...over });

function done(outcome: SigninOutcome) {
  if (outcome.kind !== 'done') throw new Error(`expected a completed sign-in, got step ${outcome.view.step} (${outcome.failure ?? 'no failure'})`);
  return outcome.result;
}
const step = (outcome: SigninOutcome) => (outcome.kind === 'step' ? [outcome.view.step, outcome.failure] : ['done', null]);

async function expectExpired(p: Promise<unknown>, reason: string): Promise<void> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(MfaError);
  expect(err).toMatchObject({ code: 'ERR_SIGNIN_EXPIRED', status: 400, data: { reason } });
}

describe('createSigninFlow', () => {
  test('walks UPN → password → code and completes with the code time as AuthnInstant and a new sso session', async () => {
    const { flow, clock, code, services } = await setup();
    const { transactionId, bindingToken } = await flow.start('saml', REQUEST, { bindingToken: undefined });
    expect(bindingToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(step(await flow.open(transactionId, ctx(bindingToken)))).toEqual(['upn', null]);
    expect(step(await flow.submit(transactionId, { step: 'upn', upn: 'alice@contoso.com' }, ctx(bindingToken)))).toEqual(['password', null]);
    clock.advance(5000);
    const passwordAt = clock.now();
    expect(step(await flow.submit(transactionId, { step: 'password', password: PASSWORD }, ctx(bindingToken)))).toEqual(['code', null]);
    clock.advance(5000);
    const result = done(await flow.submit(transactionId, { step: 'code', code: ` ${code().slice(0, 3)} ${code().slice(3)} ` }, ctx(bindingToken)));
    const alice = await services.directory.users.get('alice@contoso.com');
    expect(result).toMatchObject({
      purpose: 'saml', request: REQUEST, user: { id: alice.id, upn: alice.upn, immutableId: alice.immutableId }, domain: { name: 'contoso.com', issuer: 'https://mfa.contoso.test/federation/contoso.com' },
      authnInstant: clock.now(), mfa: true, insideCorporateNetwork: false, network: null, sso: false, role: null, session: { kind: 'sso', maxAgeMs: 3_600_000 },
    });
    const sessions = createWebSessions({ sessions: services.store.sessions, clock, random: createSystemRandom() });
    expect(await sessions.resolve(result.session?.token, 'sso')).toMatchObject({ userId: alice.id, authAt: passwordAt, mfaAt: clock.now(), data: { domain: 'contoso.com' } });
    await expectExpired(flow.open(transactionId, ctx(bindingToken)), 'used');
  });

  test('refuses unknown, expired, other-browser and malformed transactions alike', async () => {
    const { flow, clock } = await setup();
    const { transactionId, bindingToken } = await flow.start('saml', REQUEST, { bindingToken: undefined });
    await expectExpired(flow.open('A'.repeat(22), ctx(bindingToken)), 'unknown');
    await expectExpired(flow.open('../../etc', ctx(bindingToken)), 'unknown');
    await expectExpired(flow.open(transactionId, ctx(undefined)), 'other_browser');
    await expectExpired(flow.open(transactionId, ctx('B'.repeat(43))), 'other_browser');
    const same = await flow.start('saml', REQUEST, { bindingToken });
    expect(same.bindingToken).toBe(bindingToken);
    expect((await flow.start('saml', REQUEST, { bindingToken: 'short' })).bindingToken).not.toBe('short');
    clock.advance(600_000);
    await expectExpired(flow.submit(transactionId, { step: 'upn', upn: 'alice@contoso.com' }, ctx(bindingToken)), 'expired');
    expect(await flow.prune()).toEqual({ transactions: 3, sessions: 0 });
  });

  test('a stale step (back button) shows the current step without a failure or an audit record', async () => {
    const { flow, services } = await setup();
    const { transactionId, bindingToken } = await flow.start('saml', REQUEST, { bindingToken: undefined });
    await flow.submit(transactionId, { step: 'upn', upn: 'alice@contoso.com' }, ctx(bindingToken));
    expect(step(await flow.submit(transactionId, { step: 'upn', upn: 'mallory@contoso.com' }, ctx(bindingToken)))).toEqual(['password', null]);
    expect((await flow.current(transactionId, ctx(bindingToken))).upn).toBe('alice@contoso.com');
    expect(await services.store.audit.recent(5, { event: 'signin.failed' })).toEqual([]);
  });

  test('single sign-on: reused for the same user; not for another login hint, a disabled user, or a forced request', async () => {
    const { flow, code, services } = await setup();
    const first = await flow.start('saml', REQUEST, { bindingToken: undefined });
    await flow.submit(first.transactionId, { step: 'upn', upn: 'alice@contoso.com' }, ctx(first.bindingToken));
    await flow.submit(first.transactionId, { step: 'password', password: PASSWORD }, ctx(first.bindingToken));
    const signedIn = done(await flow.submit(first.transactionId, { step: 'code', code: code() }, ctx(first.bindingToken)));
    const ssoToken = signedIn.session?.token;
    const again = async (request: Partial<SigninRequest>) => {
      const tx = await flow.start('wsfed', { ...REQUEST, ...request }, { bindingToken: first.bindingToken });
      return flow.open(tx.transactionId, ctx(first.bindingToken, { ssoToken }));
    };
    expect(done(await again({}))).toMatchObject({ sso: true, mfa: true, authnInstant: signedIn.authnInstant, session: null });
    expect(done(await again({ loginHint: 'ALICE@contoso.com' })).sso).toBe(true);
    const hinted = await again({ loginHint: 'bob@contoso.com' });
    expect(hinted.kind === 'step' && hinted.view).toMatchObject({ step: 'upn', upn: 'bob@contoso.com' });
    expect(step(await again({ forceFresh: true }))).toEqual(['upn', null]);
    const staff = await flow.start('staff', REQUEST, { bindingToken: first.bindingToken });
    expect(step(await flow.open(staff.transactionId, ctx(first.bindingToken, { ssoToken })))).toEqual(['upn', null]);
    await services.directory.users.setEnabled('alice@contoso.com', false, admin);
    expect(step(await again({}))).toEqual(['upn', null]);
  });

  test('a trusted network skips the code (audited) unless MFA is required; sessionMinutes 0 issues no sso session', async () => {
    const { flow, services } = await setup({ ssoSessionMs: 0 });
    const inside = ctx(undefined, { clientIp: '10.9.8.7' });
    const run = async (request: SigninRequest) => {
      const tx = await flow.start('saml', request, inside);
      const c = { ...inside, bindingToken: tx.bindingToken };
      await flow.submit(tx.transactionId, { step: 'upn', upn: 'alice@contoso.com' }, c);
      return flow.submit(tx.transactionId, { step: 'password', password: PASSWORD }, c);
    };
    expect(done(await run(REQUEST))).toMatchObject({ mfa: false, insideCorporateNetwork: true, network: 'corp', session: null });
    expect((await services.store.audit.recent(1, { event: 'signin.mfa_bypassed' }))[0]).toMatchObject({ source: '10.9.8.7', details: { network: 'corp' } });
    expect(step(await run({ ...REQUEST, requireMfa: true }))).toEqual(['code', null]);
    expect(step(await run({ ...REQUEST, forceFresh: true }))).toEqual(['code', null]);
  });

  test('staff: needs password, code and a role; the staff session carries the role and replaces the old one', async () => {
    const { flow, code, clock, sessions, services } = await setup();
    const helen = await services.directory.users.get('helen@it.contoso.net');
    const old = await sessions.create({ kind: 'staff', userId: helen.id, authAt: 0, mfaAt: 0, ttlMs: 60_000 });
    const tx = await flow.start('staff', { ...REQUEST, returnTo: '/helpdesk/x' }, { bindingToken: undefined });
    const c = ctx(tx.bindingToken, { clientIp: '10.0.0.5', staffToken: old.token });
    await flow.submit(tx.transactionId, { step: 'upn', upn: 'helen@it.contoso.net' }, c);
    expect(step(await flow.submit(tx.transactionId, { step: 'password', password: PASSWORD }, c))).toEqual(['code', null]);
    const result = done(await flow.submit(tx.transactionId, { step: 'code', code: code() }, c));
    expect(result).toMatchObject({ purpose: 'staff', role: 'admin', domain: null, mfa: true, request: { returnTo: '/helpdesk/x' }, session: { kind: 'staff', maxAgeMs: 12 * 3_600_000 } });
    expect(await sessions.resolve(old.token, 'staff')).toBeNull();
    expect(await sessions.resolve(result.session?.token, 'staff')).toMatchObject({ data: { role: 'admin' }, mfaAt: clock.now() });
    expect(await flow.signOut('staff', result.session?.token, 'console', '10.0.0.5')).toBe('helen@it.contoso.net');
    expect(await flow.signOut('staff', result.session?.token, 'console', '10.0.0.5')).toBeNull();
    expect((await services.store.audit.recent(2, { event: 'signin.signed_out' })).map((r) => [r.subject, r.details.sessions])).toEqual([[null, 0], ['helen@it.contoso.net', 1]]);
  });

  test('blank inputs re-show the step with its message and count nothing', async () => {
    const { flow, services } = await setup();
    const tx = await flow.start('saml', REQUEST, { bindingToken: undefined });
    const c = ctx(tx.bindingToken);
    expect(step(await flow.submit(tx.transactionId, { step: 'upn', upn: '  ' }, c))).toEqual(['upn', SIGNIN_FAILURES.upn]);
    await flow.submit(tx.transactionId, { step: 'upn', upn: 'alice@contoso.com' }, c);
    expect(step(await flow.submit(tx.transactionId, { step: 'password', password: '' }, c))).toEqual(['password', SIGNIN_FAILURES.password]);
    expect(await services.store.audit.recent(5, { event: 'user.password_verified' })).toEqual([]);
  });
});
