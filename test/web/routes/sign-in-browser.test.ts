// SPDX-License-Identifier: UNLICENSED
/**
 * The sign-in pages in Debian's Chromium over HTTPS. The test plays Entra: a page on
 * login.microsoftonline.com (served by `page.route`, no network) auto-posts an AuthnRequest cross-site
 * to the appliance; a person types UPN, password and code; the appliance's auto-posting form to
 * login.srf is intercepted and its SAMLResponse checked with node-saml configured as Entra.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from '../../helpers/browser.js';
import { entraAuthnRequest, INSIDE_CORPNET, LOGIN_SRF, MULTIPLE_AUTHN, PERSISTENT, postEncode, readSamlClaims, validateAsEntra } from '../../helpers/entra-oracle.js';
import { useTestAppliance } from '../../helpers/open-test-services.js';
import { ALICE, HELEN, PASSWORD, openSigninWorld } from '../../helpers/signin-world.js';

const start = useTestAppliance();
const open = useBrowser('sign-in');
const ENTRA_START = 'https://login.microsoftonline.com/test-start';
const COOKIE_FLAGS = { secure: true, httpOnly: true, sameSite: 'Lax', path: '/' };

/** Entra's side: a page that auto-posts the AuthnRequest to the appliance (its own origin, not ours). */
function entraStartPage(ssoUrl: string, samlRequest: string, relayState: string): string {
  return `<!doctype html><html><body><form method="post" action="${ssoUrl}">`
    + `<input type="hidden" name="SAMLRequest" value="${samlRequest}"><input type="hidden" name="RelayState" value="${relayState}">`
    + '</form><script>document.forms[0].submit()</script></body></html>';
}

async function cookie(page: Page, name: string) {
  return (await page.context().cookies()).find((c) => c.name === name);
}

describe('sign-in in Chromium', () => {
  it('Entra posts an AuthnRequest; a person signs in with UPN, password and code; login.srf receives a valid SAMLResponse', async () => {
    const w = await openSigninWorld(start, { listen: { tls: true } });
    const { page, shot } = await open();
    const requestId = `_${randomUUID()}`;
    const samlRequest = postEncode(entraAuthnRequest({ id: requestId, issueInstant: w.clock.now() }));
    await page.route(ENTRA_START, (route) => route.fulfill({ contentType: 'text/html', body: entraStartPage(`${w.url}/federation/saml/sso`, samlRequest, 'rs-browser') }));
    let posted: { fields: URLSearchParams; method: string } | null = null;
    await page.route(LOGIN_SRF, async (route) => {
      posted = { fields: new URLSearchParams(route.request().postData() ?? ''), method: route.request().method() };
      await route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Entra</title><h1>login.srf received the token</h1>' });
    });
    await page.context().addCookies([{ name: '__Host-mfa_sso', value: 'A'.repeat(43), url: w.url, secure: true, httpOnly: true, sameSite: 'Lax' }]);

    await page.goto(ENTRA_START);
    const upn = page.locator('input[autocomplete="username"]');
    await upn.waitFor();
    expect(page.url()).toMatch(new RegExp(`^${w.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/signin\\?tx=`));
    expect(await cookie(page, '__Host-mfa_bind')).toMatchObject({ ...COOKIE_FLAGS, sameSite: 'None' });
    await shot('saml-upn');
    await upn.fill(ALICE);
    await page.getByRole('button', { name: 'Next' }).click();

    const password = page.locator('input[autocomplete="current-password"]');
    await password.waitFor();
    expect(await page.locator('input[autocomplete="username"]').inputValue()).toBe(ALICE);
    await shot('saml-password');
    await password.fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();

    const code = page.locator('input[autocomplete="one-time-code"]');
    await code.waitFor();
    expect(await code.getAttribute('inputmode')).toBe('numeric');
    await shot('saml-code');
    await code.fill(w.code());
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('login.srf received the token').waitFor();
    await shot('saml-login-srf');

    const received = posted as { fields: URLSearchParams; method: string } | null;
    expect(received?.method).toBe('POST');
    expect(received?.fields.get('RelayState')).toBe('rs-browser');
    const samlResponse = received?.fields.get('SAMLResponse') ?? '';
    const alice = await w.services.directory.users.get(ALICE);
    const issuer = `${w.url}/federation/contoso.com`;
    expect(await validateAsEntra(samlResponse, w.certPem)).toMatchObject({ issuer, nameID: alice.immutableId, nameIDFormat: PERSISTENT, IDPEmail: ALICE });
    expect(readSamlClaims(Buffer.from(samlResponse, 'base64').toString('utf8'))).toMatchObject({
      destination: LOGIN_SRF, inResponseTo: requestId, responseIssuer: issuer, assertionIssuer: issuer, nameId: alice.immutableId, recipient: LOGIN_SRF,
      confirmationInResponseTo: requestId, audience: 'urn:federation:MicrosoftOnline', authnInstant: new Date(w.clock.now()).toISOString(),
      authnContext: MULTIPLE_AUTHN, attributes: { IDPEmail: [ALICE], [INSIDE_CORPNET]: ['false'] },
    });
    const sso = await cookie(page, '__Host-mfa_sso');
    expect(sso).toMatchObject(COOKIE_FLAGS);
    expect(sso?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sso?.value).not.toBe('A'.repeat(43));
  });

  it('staff sign in to /helpdesk: returnTo honoured, the staff cookie Secure, HttpOnly, SameSite=Lax and rotated', async () => {
    const w = await openSigninWorld(start, { listen: { tls: true } });
    const { page, shot } = await open();
    await page.context().addCookies([{ name: '__Host-mfa_staff', value: 'B'.repeat(43), url: w.url, secure: true, httpOnly: true, sameSite: 'Lax' }]);
    await page.goto(`${w.url}/helpdesk/signin?returnTo=${encodeURIComponent('/helpdesk/tokens/program')}`);
    await page.locator('input[autocomplete="username"]').fill(HELEN);
    await shot('staff-upn');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.locator('input[autocomplete="current-password"]').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('input[autocomplete="one-time-code"]').fill(w.code());
    await shot('staff-code');
    await Promise.all([page.waitForURL(`${w.url}/helpdesk/tokens/program`), page.getByRole('button', { name: 'Verify' }).click()]);
    await shot('staff-landed');
    const staff = await cookie(page, '__Host-mfa_staff');
    expect(staff).toMatchObject(COOKIE_FLAGS);
    expect(staff?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(staff?.value).not.toBe('B'.repeat(43));
    expect(staff?.expires).toBeGreaterThan(Date.now() / 1000 + 11 * 3600);
  });
});
