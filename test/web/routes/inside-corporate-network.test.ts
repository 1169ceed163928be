// SPDX-License-Identifier: UNLICENSED
/**
 * `insidecorporatenetwork` and the trusted-network code bypass, judged on the socket peer: the daemon
 * listens on `[::]` (dual stack) and each client connects from another local address, so peers are
 * `::ffff:127.0.0.1`, `::ffff:127.0.0.2` (IPv4-mapped), `::1` (IPv6) or the proxy `::ffff:127.0.0.3`.
 * Trusted networks (signin-world): corp = 10.0.0.0/8, 127.0.0.2/32; lab = fd00:1::/64, ::1/128.
 */
import { describe, expect, it } from 'vitest';
import { entraAuthnRequest, INSIDE_CORPNET, MULTIPLE_AUTHN, PASSWORD_PROTECTED, postEncode, readSamlClaims } from '../../helpers/entra-oracle.js';
import { useTestAppliance } from '../../helpers/open-test-services.js';
import { ALICE, openSigninWorld, submit, walkSignin, type SigninWorld } from '../../helpers/signin-world.js';
import { createWebClient, readForm, type WebClient, type WebResponse } from '../../helpers/web-client.js';

const start = useTestAppliance();
const DUAL_STACK = { host: '[::]' };
const PROXY = 'trustedProxies: ["127.0.0.3/32", "fd00:9::/64"]';

const clientFrom = (w: SigninWorld, localAddress: string, headers: Record<string, string> = {}): WebClient =>
  createWebClient(localAddress.includes(':') ? `http://[::1]:${w.port}` : `http://127.0.0.1:${w.port}`, { localAddress, headers });

function startSaml(w: SigninWorld, client: WebClient, attributes = ''): Promise<WebResponse> {
  return client.post('/federation/saml/sso', { SAMLRequest: postEncode(entraAuthnRequest({ issueInstant: w.clock.now(), attributes })) });
}

function tokenOf(page: WebResponse) {
  const form = readForm(page.body);
  expect(form.fields.SAMLResponse, page.body).toBeDefined();
  return readSamlClaims(Buffer.from(form.fields.SAMLResponse ?? '', 'base64').toString('utf8'));
}

describe('insidecorporatenetwork', () => {
  it.each([
    ['an untrusted IPv4 peer', '127.0.0.1', {}, 'false', '127.0.0.1'],
    ['a trusted peer seen as IPv4-mapped IPv6 (::ffff:127.0.0.2)', '127.0.0.2', {}, 'true', '127.0.0.2'],
    ['a trusted IPv6 peer (::1)', '::1', {}, 'true', '::1'],
    ['an untrusted peer forging X-Forwarded-For', '127.0.0.1', { 'x-forwarded-for': '10.1.2.3' }, 'false', '127.0.0.1'],
    ['a trusted peer forging X-Forwarded-For from outside', '127.0.0.2', { 'x-forwarded-for': '192.0.2.7' }, 'true', '127.0.0.2'],
    ['the trusted proxy forwarding a corporate client', '127.0.0.3', { 'x-forwarded-for': '10.1.2.3' }, 'true', '10.1.2.3'],
    ['the trusted proxy forwarding an IPv4-mapped corporate client', '127.0.0.3', { 'x-forwarded-for': '::ffff:10.1.2.3' }, 'true', '10.1.2.3'],
    ['the trusted proxy, client prepending a forged corporate hop', '127.0.0.3', { 'x-forwarded-for': '10.1.2.3, 192.0.2.7' }, 'false', '192.0.2.7'],
    ['the trusted proxy with garbage after the client', '127.0.0.3', { 'x-forwarded-for': '10.1.2.3, garbage' }, 'false', '127.0.0.3'],
  ])('%s (from %s)', async (_name, localAddress, headers, expected, clientIp) => {
    const w = await openSigninWorld(start, { listen: DUAL_STACK, server: PROXY });
    const client = clientFrom(w, localAddress, headers);
    const claims = tokenOf(await walkSignin(client, await startSaml(w, client), { code: w.code() }));
    expect(claims.attributes[INSIDE_CORPNET]).toEqual([expected]);
    expect(claims.authnContext).toBe(MULTIPLE_AUTHN);
    const [succeeded] = await w.services.store.audit.recent(1, { event: 'signin.succeeded' });
    expect(succeeded).toMatchObject({ source: clientIp, details: { clientIp, insideCorporateNetwork: expected === 'true' } });
  });
});

describe('skipCodeOnTrustedNetworks', () => {
  it('skips the code inside a trusted network (PasswordProtectedTransport, audited), never outside, never with ForceAuthn', async () => {
    const w = await openSigninWorld(start, { listen: DUAL_STACK, server: PROXY, skipCode: true });
    const inside = clientFrom(w, '127.0.0.2');
    const passwordOnly = tokenOf(await walkSignin(inside, await startSaml(w, inside), { code: null }));
    expect(passwordOnly).toMatchObject({ authnContext: PASSWORD_PROTECTED, attributes: { [INSIDE_CORPNET]: ['true'] } });
    const [bypassed] = await w.services.store.audit.recent(1, { event: 'signin.mfa_bypassed' });
    expect(bypassed).toMatchObject({ subject: ALICE, details: { clientIp: '127.0.0.2', network: 'corp', purpose: 'saml' } });

    const forged = clientFrom(w, '127.0.0.1', { 'x-forwarded-for': '10.1.2.3' });
    const page = await walkSignin(forged, await startSaml(w, forged), { code: null });
    expect(readForm(page.body).fields.step).toBe('code');

    const forced = clientFrom(w, '::1');
    const forcedPage = await walkSignin(forced, await startSaml(w, forced, ' ForceAuthn="true"'), { code: null });
    expect(readForm(forcedPage.body).fields.step).toBe('code');
  });

  it('an SSO session whose code was skipped asks only for the code when reused from outside; the network is judged anew', async () => {
    const w = await openSigninWorld(start, { listen: DUAL_STACK, server: PROXY, skipCode: true });
    const inside = clientFrom(w, '127.0.0.2');
    const passwordAt = w.clock.now();
    tokenOf(await walkSignin(inside, await startSaml(w, inside), { code: null }));
    w.clock.advance(1000);
    const again = tokenOf(await inside.follow((await startSaml(w, inside)).location ?? ''));
    expect(again).toMatchObject({ authnContext: PASSWORD_PROTECTED, authnInstant: new Date(passwordAt).toISOString(), attributes: { [INSIDE_CORPNET]: ['true'] } });

    const outside = clientFrom(w, '127.0.0.1');
    for (const [k, v] of inside.cookies) outside.cookies.set(k, v);
    const page = await outside.get((await startSaml(w, outside)).location ?? '');
    expect(readForm(page.body).fields).toMatchObject({ step: 'code' });
    expect(page.body).toContain(ALICE);
    const code = w.nextCode();
    const token = tokenOf(await submit(outside, page, { code }));
    expect(token).toMatchObject({ authnContext: MULTIPLE_AUTHN, authnInstant: new Date(w.clock.now()).toISOString(), attributes: { [INSIDE_CORPNET]: ['false'] } });
    expect((await w.services.store.audit.recent(1, { event: 'signin.succeeded' }))[0]?.details).toMatchObject({ sso: true, mfa: true, clientIp: '127.0.0.1' });
  });
});
