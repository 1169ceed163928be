// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { createSystemRandom } from '../../../../agent/ports/random.js';
import { appliedHash, clearAppliedHash, ruleOfAppliedHash } from '../../../../agent/provisioning/sync/applied-hash.js';
import { deriveMailNickname } from '../../../../agent/provisioning/sync/derive-mail-nickname.js';
import type { DesiredUser } from '../../../../agent/provisioning/sync/desired-state.js';
import { generatePassword } from '../../../../agent/provisioning/sync/generate-password.js';
import { resolveSkuIds } from '../../../../agent/provisioning/sync/resolve-sku-ids.js';

/** The sandbox's (and Exchange's) alias rule. */
const MAIL_NICKNAME = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]{1,64}$/;

describe('deriveMailNickname', () => {
  test.each([
    ['alice@contoso.com', 'alice'],
    ["o'neil.j@contoso.com", "o'neil.j"],
    ['.dot..lead.@x.com', 'dot.lead'],
    ['jöran@x.com', 'joran'],
    ['a b(c)@x.com', 'a_b_c_'],
    [`${'x'.repeat(70)}@x.com`, 'x'.repeat(64)],
    ['...@x.com', 'user'],
  ])('%s → %s', (upn, nick) => {
    expect(deriveMailNickname(upn)).toBe(nick);
    expect(nick).toMatch(MAIL_NICKNAME);
  });
});

describe('generatePassword', () => {
  test('24 characters with all four classes, different each time', () => {
    const random = createSystemRandom();
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generatePassword(random);
      expect(p).toHaveLength(24);
      for (const re of [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/]) expect(p).toMatch(re);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });
});

describe('appliedHash', () => {
  const d: DesiredUser = {
    userId: 'u1', upn: 'a@contoso.com', displayName: 'A', mailNickname: 'a', immutableId: 'abc=', accountEnabled: true,
    usageLocation: 'US', skuIds: ['s1'], entraGroupIds: [], deprovision: 'delete',
  };
  test('records the rule, changes with any applied attribute, and clears to the rule alone', () => {
    const h = appliedHash(d);
    expect(h).toMatch(/^v1\.delete\.[A-Za-z0-9_-]{43}$/);
    expect(ruleOfAppliedHash(h)).toBe('delete');
    for (const change of [{ displayName: 'B' }, { accountEnabled: false }, { usageLocation: 'DE' }, { skuIds: [] }, { upn: 'b@contoso.com' }]) {
      expect(appliedHash({ ...d, ...change })).not.toBe(h);
    }
    expect(appliedHash({ ...d, entraGroupIds: ['g'] })).toBe(h);
    expect(clearAppliedHash(h)).toBe('v1.delete.');
    expect(appliedHash(d, true)).toBe('v1.delete.');
    expect(ruleOfAppliedHash('')).toBeNull();
    expect(clearAppliedHash('something-else')).toBe('');
  });
});

describe('resolveSkuIds', () => {
  const skus = [{ skuId: 'AAAA-1', skuPartNumber: 'ENTERPRISEPACK' }, { skuId: 'bbbb-2', skuPartNumber: 'SPE_E3' }];
  test('maps part numbers case-insensitively to lower-case ids', () => {
    expect([...resolveSkuIds(['enterprisepack', 'SPE_E3'], skus)]).toEqual([['enterprisepack', 'aaaa-1'], ['SPE_E3', 'bbbb-2']]);
  });
  test('an unknown part number names it and lists the tenant\'s', () => {
    expect(() => resolveSkuIds(['SPE_E5', 'SPE_E3', 'X'], skus)).toThrow(/"SPE_E5", "X".*ENTERPRISEPACK, SPE_E3/);
  });
});
