// SPDX-License-Identifier: UNLICENSED
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../../agent/provisioning/sandbox/start-sandbox.js';
import { createSystemClock } from '../../../../agent/ports/clock.js';
import { createSystemRandom } from '../../../../agent/ports/random.js';
import { httpsRequest } from './sandbox-fixture.js';

describe('startSandbox', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-start-'));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('listens, writes the CA file, prints the config values, and the printed credentials work', async () => {
    const lines: string[] = [];
    const caFile = join(dir, 'sandbox-ca.pem');
    const started = await startSandbox({ clock: createSystemClock(), random: createSystemRandom(), caFile, print: (l) => lines.push(l) });
    try {
      const ca = readFileSync(caFile, 'utf8');
      expect(ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
      expect(statSync(caFile).mode & 0o777).toBe(0o644);
      expect(lines.join('\n')).toContain(started.url);
      expect(lines.join('\n')).toContain(started.clientId);
      expect(lines.join('\n')).not.toContain(started.clientSecret);
      const token = await httpsRequest(`${started.url}/${started.tenantId}/oauth2/v2.0/token`, {
        ca, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: started.clientId, client_secret: started.clientSecret, scope: 'https://graph.microsoft.com/.default' }).toString(),
      });
      expect(token.status).toBe(200);
      const skus = await httpsRequest(`${started.url}/v1.0/subscribedSkus`, { ca, headers: { authorization: `Bearer ${String(token.json.access_token)}` } });
      expect(skus.json.value.map((s: { skuPartNumber: string }) => s.skuPartNumber)).toEqual(['ENTERPRISEPACK', 'SPE_E3']);
    } finally {
      await started.close();
    }
  });
});
