// SPDX-License-Identifier: UNLICENSED
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../agent/config/index.js';
import { createRuntime, startAppliance } from '../../agent/main.js';
import { createNullLogger } from '../../agent/log/logger.js';
import { verifyAuditChain } from '../../agent/audit/verify-audit-chain.js';
import { runCliCaptured } from '../helpers/run-cli-captured.js';
import { freePort } from '../helpers/free-port.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();

/** GET over HTTPS trusting only the appliance's own certificate (so the TLS setup is checked, not bypassed). */
function getTls(url: string, ca: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, servername: 'localhost' }, (res) => {
      let body = '';
      res.on('data', (c) => { body += String(c); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startAppliance', () => {
  it('serves HTTPS with the generated certificate, audits start and stop, and keeps the chain sound', async () => {
    const dir = join(tempDir(), 'a');
    const port = await freePort();
    expect((await runCliCaptured(['init', '--dir', dir, '--demo', '--listen', `127.0.0.1:${port}`])).code).toBe(0);
    const config = loadConfig({ file: join(dir, 'config.yaml'), env: {} });
    const appliance = await startAppliance(createRuntime(config, {}, { logger: createNullLogger() }));
    try {
      expect(appliance.localUrl).toBe(`https://127.0.0.1:${port}`);
      const ca = readFileSync(join(dir, 'tls', 'cert.pem'));
      const ready = await getTls(`https://localhost:${port}/readyz`, ca);
      expect(ready.status).toBe(200);
      expect(JSON.parse(ready.body)).toMatchObject({ ready: true });
      await expect(getTls(`https://localhost:${port}/healthz`, Buffer.from(''))).rejects.toThrow(/self.signed|unable to verify|certificate/i);
    } finally {
      await appliance.stop({ signal: 'SIGTERM' });
    }
    await appliance.stop();
    const reopened = await runCliCaptured(['--config', join(dir, 'config.yaml'), '--json', 'audit', 'list']);
    const events = reopened.json<Array<{ event: string; details: Record<string, unknown> }>>().map((r) => r.event);
    expect(events).toEqual(['service.stopped', 'service.started', 'config.warning', 'federation.key_generated', 'vault.secret_sealed', 'init.completed']);
    const { openSqliteStore } = await import('../../agent/store/sqlite/open-sqlite-store.js');
    const store = await openSqliteStore({ path: join(dir, 'data', 'mfa-appliance.db'), clock: { now: Date.now }, logger: createNullLogger() });
    expect(await verifyAuditChain(store.audit)).toMatchObject({ ok: true, checked: 6 });
    await store.close();
  });

  it('fails to start with a clear error when the port is taken', async () => {
    const dir = join(tempDir(), 'b');
    const port = await freePort();
    const { createServer } = await import('node:net');
    const blocker = createServer().listen(port, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    try {
      expect((await runCliCaptured(['init', '--dir', dir, '--listen', `127.0.0.1:${port}`])).code).toBe(0);
      const config = loadConfig({ file: join(dir, 'config.yaml'), env: {} });
      await expect(startAppliance(createRuntime(config, {}, { logger: createNullLogger() }))).rejects.toThrow(/EADDRINUSE/);
    } finally {
      blocker.close();
    }
  });
});
