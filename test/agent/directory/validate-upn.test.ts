// SPDX-License-Identifier: UNLICENSED
import { describe, expect, it } from 'vitest';
import { assertValidUpn, upnProblems } from '../../../agent/directory/validate-upn.js';
import { MfaError } from '../../../agent/errors.js';

describe('upnProblems', () => {
  it.each([
    'alice@contoso.com',
    "o'neil@contoso.com",
    'a.b-c_d!e#f^g~h@sub.contoso.co.uk',
    `${'a'.repeat(64)}@contoso.com`,
    `a@${'b'.repeat(44)}.com`,
  ])('accepts %s', (upn) => {
    expect(upnProblems(upn)).toEqual([]);
  });

  it.each([
    ['alice', /exactly one @/],
    ['a@b@contoso.com', /exactly one @ \(found 2\)/],
    ['@contoso.com', /nothing before the @/],
    ['jöran@contoso.com', /characters Entra does not allow before the @: "ö"/],
    ['john smith@contoso.com', /characters Entra does not allow before the @: " "/],
    ['john.@contoso.com', /period directly before the @/],
    ['.john@contoso.com', /starts with a period/],
    [`${'a'.repeat(65)}@contoso.com`, /65 characters before the @; at most 64/],
    [`a@${'b'.repeat(45)}.com`, /49 characters after the @; at most 48/],
    [`${'a'.repeat(64)}@${'b'.repeat(45)}.com`, /is 114 characters long; at most 113/],
    ['alice@contoso', /invalid domain/],
    ['alice@-contoso.com', /invalid domain/],
    ['alice@contoso..com', /invalid domain/],
  ])('rejects %s', (upn, problem) => {
    const problems = upnProblems(upn);
    expect(problems.some((p) => problem.test(p))).toBe(true);
  });

  it('limits domains to the configured suffixes', () => {
    expect(upnProblems('a@contoso.com', ['contoso.com'])).toEqual([]);
    expect(upnProblems('a@eu.contoso.com', ['contoso.com'])).toEqual([]);
    expect(upnProblems('a@evilcontoso.com', ['contoso.com'])[0]).toMatch(/not one of the configured directory.upnSuffixes/);
  });
});

describe('assertValidUpn', () => {
  it('spells out the problem and Entra\'s rules in ERR_INVALID_UPN', () => {
    try {
      assertValidUpn('jöran@contoso.com');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(MfaError);
      const e = err as MfaError;
      expect(e.code).toBe('ERR_INVALID_UPN');
      expect(e.status).toBe(400);
      expect(e.message).toContain('"ö"');
      expect(e.message).toContain("A-Z a-z 0-9 and ' . - _ ! # ^ ~");
      expect(e.message).toContain('at most 113 characters in all, 64 before the @ and 48 after');
    }
  });
});
