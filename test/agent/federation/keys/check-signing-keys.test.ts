// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { checkSigningKeys } from '../../../../agent/federation/keys/check-signing-keys.js';
import { createSigningKeys } from '../../../../agent/federation/keys/create-signing-keys.js';
import { createNullLogger } from '../../../../agent/log/logger.js';
import { createSystemRandom } from '../../../../agent/ports/random.js';
import { useTestServices } from '../../../helpers/open-test-services.js';

const ACTOR = { id: 'cli:tester', source: 'cli' };
const DAY = 86_400_000;
const open = useTestServices();

describe('checkSigningKeys', () => {
  test('ok, then warn within warnDays, then fail once expired, as the injected clock moves', async () => {
    const { services, clock } = await open();
    const keys = createSigningKeys({
      store: services.store, vault: services.vault, audit: services.audit, clock, random: createSystemRandom(), logger: createNullLogger(),
      keyBits: 2048, validityDays: 90, commonName: 'idp',
    });
    const at = async () => checkSigningKeys(await keys.status(), { now: clock.now(), warnDays: 30, federatedDomains: 1 });
    expect(await at()).toMatchObject({ name: 'Signing keys', status: 'fail', detail: expect.stringContaining('no current') as unknown });
    await keys.ensureCurrent(ACTOR);
    const ok = await at();
    expect(ok).toMatchObject({ status: 'ok', data: { daysLeft: 90, nextKeyId: null } });
    expect(ok.detail).toContain('no next key');
    clock.advance(59 * DAY);
    expect((await at()).status).toBe('ok');
    clock.advance(DAY);
    const warn = await at();
    expect(warn).toMatchObject({ status: 'warn', data: { daysLeft: 30 }, fix: expect.stringContaining('graph rollover') as unknown });
    const next = await keys.generateNext(ACTOR);
    expect((await at()).detail).toContain(`next key ${next.id}`);
    clock.advance(30 * DAY);
    expect(await at()).toMatchObject({ status: 'fail', fix: expect.stringContaining('expired') as unknown });
  });

  test('a missing key fails only when federation.domains lists a domain', () => {
    const none = { current: null, next: null, retired: 0 };
    expect(checkSigningKeys(none, { now: 0, warnDays: 30, federatedDomains: 0 }).status).toBe('warn');
    expect(checkSigningKeys(none, { now: 0, warnDays: 30, federatedDomains: 2 })).toMatchObject({ status: 'fail', detail: expect.stringContaining('2 domain(s)') as unknown });
  });

  test('a certificate not yet valid fails (clock set back)', () => {
    const current = { id: 'k1', notBefore: 10 * DAY, notAfter: 400 * DAY, daysLeft: 400, thumbprintSha256: 'ab' };
    expect(checkSigningKeys({ current, next: null, retired: 0 }, { now: 0, warnDays: 30, federatedDomains: 1 })).toMatchObject({ status: 'fail', fix: 'check the system clock' });
  });
});
