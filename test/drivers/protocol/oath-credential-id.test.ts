// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { formatCredentialId, parseCredentialId } from '../../../drivers/protocol/oath-credential-id.js';

describe('formatCredentialId / parseCredentialId', () => {
  test.each([
    ['TOTP', 'alice', 'ACME', 30, 'ACME:alice'],
    ['TOTP', 'bob', 'ACME', 60, '60/ACME:bob'],
    ['TOTP', 'carol', null, 60, '60/carol'],
    ['TOTP', 'a:b', 'x', 30, 'x:a:b'],
    ['HOTP', 'hotpuser', null, 0, 'hotpuser'],
    ['HOTP', 'h', 'Corp', 0, 'Corp:h'],
  ] as const)('%s %s/%s/%d ↔ %s', (type, name, issuer, period, id) => {
    expect(formatCredentialId(type, name, issuer, period).toString()).toBe(id);
    expect(parseCredentialId(Buffer.from(id), type)).toEqual({ issuer, name, period });
  });

  test('HOTP ids never carry a period, even with a period given', () => {
    expect(formatCredentialId('HOTP', 'h', null, 60).toString()).toBe('h');
    expect(parseCredentialId(Buffer.from('60/h'), 'HOTP')).toEqual({ issuer: null, name: '60/h', period: 0 });
  });
});
