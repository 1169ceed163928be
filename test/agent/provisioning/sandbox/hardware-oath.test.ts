// SPDX-License-Identifier: UNLICENSED
import { TOTP } from 'otpauth';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newUser, startTestSandbox, type TestSandbox } from './sandbox-fixture.js';

const DEVICES = '/beta/directory/authenticationMethodDevices/hardwareOathDevices';
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('sandbox beta hardware OATH tokens', () => {
  let sb: TestSandbox;
  let userId: string;
  beforeEach(async () => {
    sb = await startTestSandbox();
    userId = String((await sb.graph('POST', '/v1.0/users', newUser('tok@contoso.com'))).json.id);
  });
  afterEach(async () => sb.close());

  const device = (extra: Record<string, unknown> = {}) => ({
    serialNumber: 'TK-0001', manufacturer: 'Token2', model: 'C302', secretKey: SECRET, timeIntervalInSeconds: 30, hashFunction: 'hmacsha1', ...extra,
  });
  const code = (algorithm: 'SHA1' | 'SHA256', period: number, at: number) => new TOTP({ secret: SECRET, algorithm, digits: 6, period }).generate({ timestamp: at });

  it.each([
    ['hmacsha1', 'SHA1', 30],
    ['hmacsha256', 'SHA256', 60],
  ] as const)('creates, assigns and activates a %s token (%s, %i s) with a code from otpauth', async (hashFunction, algorithm, period) => {
    const created = await sb.graph('POST', DEVICES, device({ hashFunction, timeIntervalInSeconds: period }));
    expect(created.status, created.text).toBe(201);
    expect(created.json).toMatchObject({ serialNumber: 'TK-0001', secretKey: null, status: 'available', hashFunction });
    const id = String(created.json.id);
    const methods = `/beta/users/${userId}/authentication/hardwareOathMethods`;
    const assigned = await sb.graph('POST', methods, { device: { id } });
    expect(assigned.status).toBe(201);
    expect((await sb.graph('GET', `${DEVICES}/${id}`)).json).toMatchObject({ status: 'assigned', assignedTo: { id: userId }, secretKey: null });
    const wrong = await sb.graph('POST', `${methods}/${id}/activate`, { verificationCode: code(algorithm, period, sb.clock.now() + 10 * period * 1000) });
    expect(wrong.status).toBe(400);
    expect(sb.tenant.state().hardwareOathDevices[0]).toMatchObject({ status: 'failedActivation' });
    const ok = await sb.graph('POST', `${methods}/${id}/activate`, { verificationCode: code(algorithm, period, sb.clock.now() - period * 1000), displayName: 'Desk token' });
    expect(ok.status, ok.text).toBe(204);
    expect(sb.tenant.state().hardwareOathDevices[0]).toMatchObject({ status: 'activated', displayName: 'Desk token' });
    expect((await sb.graph('DELETE', `${DEVICES}/${id}`)).json.error.message).toMatch(/unassigned/);
    expect((await sb.graph('DELETE', `${methods}/${id}`)).status).toBe(204);
    expect((await sb.graph('DELETE', `${DEVICES}/${id}`)).status).toBe(204);
  });

  it('validates the device: base32 secret, 30/60 s, hash function, unknown property; exists only in beta', async () => {
    expect((await sb.graph('POST', DEVICES, device({ secretKey: 'not base32!' }))).status).toBe(400);
    expect((await sb.graph('POST', DEVICES, device({ timeIntervalInSeconds: 45 }))).status).toBe(400);
    expect((await sb.graph('POST', DEVICES, device({ hashFunction: 'hmacsha512' }))).status).toBe(400);
    expect((await sb.graph('POST', DEVICES, device({ pin: '1234' }))).json.error.message).toMatch(/'pin' does not exist on type 'microsoft.graph.hardwareOathTokenAuthenticationMethodDevice'/);
    expect((await sb.graph('POST', DEVICES.replace('/beta/', '/v1.0/'), device())).status).toBe(400);
    expect(sb.tenant.state().hardwareOathDevices).toEqual([]);
  });

  it('bulk-creates with PATCH @context #$delta, all or nothing, and filters by serial number', async () => {
    const bad = await sb.graph('PATCH', DEVICES, { '@context': '#$delta', value: [{ '@contentId': '1', ...device() }, { '@contentId': '2', ...device({ timeIntervalInSeconds: 7 }) }] });
    expect(bad.status).toBe(400);
    expect(sb.tenant.state().hardwareOathDevices).toEqual([]);
    const ok = await sb.graph('PATCH', DEVICES, { '@context': '#$delta', value: [{ '@contentId': '1', ...device() }, { '@contentId': '2', ...device({ serialNumber: 'TK-0002', assignTo: { id: userId } }) }] });
    expect(ok.status).toBe(200);
    expect(ok.json.value.map((d: { '@contentId': string; status: string }) => [d['@contentId'], d.status])).toEqual([['1', 'available'], ['2', 'assigned']]);
    const found = await sb.graph('GET', `${DEVICES}?$filter=${encodeURIComponent("serialNumber eq 'TK-0002'")}`);
    expect(found.json.value).toHaveLength(1);
    expect(found.json.value[0].assignedTo).toEqual({ id: userId, displayName: 'tok' });
  });
});
