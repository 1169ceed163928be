// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { isCredentialPath } from '../../../agent/vault/is-credential-path.js';

describe('isCredentialPath', () => {
  test.each([
    ['/run/credentials/mfa.service/master-key', '/run/credentials/mfa.service', true],
    ['/run/credentials/mfa.service/sub/key', '/run/credentials/mfa.service/', true],
    ['/run/credentials/mfa.service/../other/key', '/run/credentials/mfa.service', false],
    ['/run/credentials/mfa.service-evil/key', '/run/credentials/mfa.service', false],
    ['/run/credentials/mfa.service', '/run/credentials/mfa.service', false],
    ['/etc/mfa-appliance/master-key', '/run/credentials/mfa.service', false],
    ['/etc/mfa-appliance/master-key', undefined, false],
    ['/etc/mfa-appliance/master-key', '', false],
  ])('%s inside %s → %s', (file, dir, expected) => {
    expect(isCredentialPath(file, dir)).toBe(expected);
  });
});
