// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../../agent/errors.js';
import { domainForUpn, resolveFederatedDomains } from '../../../agent/federation/federated-domains.js';

const URL = 'https://mfa.contoso.com';

describe('resolveFederatedDomains', () => {
  test('fills in the default issuer per domain and keeps a configured one', () => {
    expect(resolveFederatedDomains([
      { name: 'contoso.com', protocol: 'saml', issuer: null },
      { name: 'Fabrikam.com', protocol: 'wsfed', issuer: 'urn:fabrikam:idp' },
    ], `${URL}/`)).toEqual([
      { name: 'contoso.com', protocol: 'saml', issuer: 'https://mfa.contoso.com/federation/contoso.com' },
      { name: 'fabrikam.com', protocol: 'wsfed', issuer: 'urn:fabrikam:idp' },
    ]);
  });

  test('two domains with one issuer are a ConfigError naming the later one\'s issuer key', () => {
    let err: unknown;
    try {
      resolveFederatedDomains([
        { name: 'contoso.com', protocol: 'saml', issuer: null },
        { name: 'contoso.org', protocol: 'saml', issuer: 'urn:shared' },
        { name: 'fabrikam.com', protocol: 'saml', issuer: 'urn:shared' },
      ], URL);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).issues.map((i) => i.path)).toEqual(['federation.domains[2].issuer']);
    expect((err as ConfigError).message).toContain('contoso.org');
  });

  test('an explicit issuer equal to another domain\'s default collides too', () => {
    expect(() => resolveFederatedDomains([
      { name: 'contoso.com', protocol: 'saml', issuer: null },
      { name: 'contoso.org', protocol: 'saml', issuer: `${URL}/federation/contoso.com` },
    ], URL)).toThrow(/federation\.domains\[1\]\.issuer/);
  });
});

describe('domainForUpn', () => {
  const domains = resolveFederatedDomains([{ name: 'contoso.com', protocol: 'saml', issuer: null }], URL);
  test.each([
    ['alice@contoso.com', 'contoso.com'],
    ['Alice@CONTOSO.COM', 'contoso.com'],
    ['"odd@name"@contoso.com', 'contoso.com'],
    ['alice@sub.contoso.com', null],
    ['alice@contoso.com.evil.net', null],
    ['alice@notcontoso.com', null],
    ['contoso.com', null],
    ['alice@', null],
  ])('%s → %s', (upn, expected) => {
    expect(domainForUpn(domains, upn)?.name ?? null).toBe(expected);
  });
});
