// SPDX-License-Identifier: UNLICENSED
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { loadConfig } from '../../../../agent/config/index.js';
import { createNullLogger } from '../../../../agent/log/logger.js';
import { createRuntime, openServices } from '../../../../agent/main.js';
import { createSystemRandom } from '../../../../agent/ports/random.js';
import { createSandboxTenant } from '../../../../agent/provisioning/sandbox/create-sandbox-tenant.js';
import type { SandboxTenant } from '../../../../agent/provisioning/sandbox/sandbox-tenant.js';
import { generateMasterKeyLine } from '../../../../agent/vault/master-key-file.js';
import { runCliCaptured } from '../../../helpers/run-cli-captured.js';
import { useTempDir } from '../../../helpers/temp-dir.js';
import { CLIENT_ID, E3, SECRET } from '../../provisioning/sync/sync-world.js';

const random = createSystemRandom();

describe('mfa-appliance graph', () => {
  const tempDir = useTempDir('mfa-graph-cli-');
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });

  async function setup(extra: string[] = []): Promise<{ dir: string; tenant: SandboxTenant; cli: (argv: string[], stdin?: string) => ReturnType<typeof runCliCaptured> }> {
    const dir = tempDir();
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '30', '-subj', '/CN=mfa-appliance'], { stdio: 'ignore' });
    const tenant = createSandboxTenant({
      clock: { now: () => Date.now() }, random, domains: [{ name: 'contoso.com' }], skus: [E3],
      apps: [{ clientId: CLIENT_ID, secrets: [SECRET], certificatesPem: [readFileSync(join(dir, 'c.pem'), 'utf8')] }],
    });
    const listening = await tenant.listen();
    closers.push(listening.close);
    writeFileSync(join(dir, 'ca.pem'), listening.caCertPem);
    writeFileSync(join(dir, 'master-key'), `${generateMasterKeyLine(random)}\n`, { mode: 0o600 });
    const cfg = join(dir, 'config.yaml');
    writeFileSync(cfg, [
      `dataDir: ${JSON.stringify(dir)}`, 'vault: { masterKeyFile: master-key }', 'graph:',
      `  tenantId: ${tenant.tenantId}`, `  clientId: ${CLIENT_ID}`, `  baseUrl: ${listening.url}`, `  authorityHost: ${listening.url}`, '  caFile: ca.pem',
      '  sync:', '    groups:', '      - { group: staff, usageLocation: US, licenses: [ENTERPRISEPACK] }', ...extra,
    ].join('\n'));
    const s = await openServices(createRuntime(loadConfig({ file: cfg, env: {} }), {}, { logger: createNullLogger() }));
    const actor = { id: 'cli:tester', source: 'cli' };
    await s.directory.groups.add({ name: 'staff' }, actor);
    for (const upn of ['alice@contoso.com', 'bob@contoso.com']) {
      await s.directory.users.add({ upn, displayName: upn.split('@')[0] ?? upn }, actor);
      await s.directory.groups.addMember('staff', upn, actor);
    }
    await s.close();
    return { dir, tenant, cli: (argv, stdin) => runCliCaptured(['--config', cfg, ...argv], { cwd: dir, ...(stdin === undefined ? {} : { stdin }) }) };
  }

  test('credentials, status, dry run, plan show, sync: end to end against the sandbox', async () => {
    const { tenant, cli } = await setup();
    const before = await cli(['graph', 'status']);
    expect(before.code, before.stderr).toBe(0);
    expect(before.stdout).toMatch(/Credential:\s+none/);
    const noCred = await cli(['graph', 'sync', '--dry-run']);
    expect(noCred.code).toBe(1);
    expect(noCred.stderr).toContain('graph credentials');
    expect((await cli(['graph', 'credentials'])).stderr).toContain('ERR_INVALID_INPUT');

    const secret = await cli(['graph', 'credentials', '--secret-stdin'], `${SECRET}\n`);
    expect(secret.code, secret.stderr).toBe(0);
    const cert = await cli(['graph', 'credentials', '--certificate', 'c.pem', '--key', 'k.pem', '--json']);
    expect(cert.code, cert.stderr).toBe(0);
    const ref = cert.json<{ kind: string; certificate: { sha1: string } }>();
    expect(ref.kind).toBe('certificate');
    const status = await cli(['graph', 'status']);
    expect(status.stdout).toContain(`certificate ${ref.certificate.sha1}`);
    expect(status.stdout).toMatch(/\((29|30) days\)/);
    expect(secret.stdout + cert.stdout + status.stdout).not.toContain(SECRET);
    expect(cert.stdout).not.toContain('PRIVATE KEY');

    const dry = await cli(['graph', 'sync', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/1\s+create user\s+alice@contoso\.com\s+usageLocation=US/);
    expect(dry.stdout).toMatch(/assign license\s+bob@contoso\.com\s+\+6fd2c87f/);
    expect(tenant.state().users).toEqual([]);
    const shown = await cli(['graph', 'plan', 'show', '--json']);
    expect(shown.json<{ run: { status: string }; entries: unknown[] }>()).toMatchObject({ run: { status: 'planned' }, entries: { length: 4 } });
    const dryJson = await cli(['graph', 'sync', '--dry-run', '--json']);
    expect(dryJson.json<{ counts: Record<string, number> }>().counts).toEqual({ issues: 0, create_user: 2, assign_license: 2 });

    expect((await cli(['graph', 'sync', '--restore-deleted', '--purge-deleted'])).code).toBe(1);
    const sync = await cli(['graph', 'sync', '--json']);
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.json<{ run: { status: string; counts: Record<string, number> } }>().run).toMatchObject({ status: 'done', counts: { done: 4, failed: 0 } });
    expect(tenant.state().users.map((u) => u.userPrincipalName).sort()).toEqual(['alice@contoso.com', 'bob@contoso.com']);
    expect(tenant.counters().tokensIssued).toBeGreaterThan(0);
    const after = await cli(['graph', 'status', '--json']);
    expect(after.json<{ lastRun: { status: string }; links: Record<string, number> }>()).toMatchObject({ lastRun: { status: 'done' }, links: { enabled: 2, disabled: 0, deleted: 0 } });
    const human = await cli(['graph', 'sync']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/run \S+: done \(issues 0|run \S+: done \(nothing\)/);
  });

  test('register-token: creates, assigns and activates a hardware token in Entra after checking the code here', async () => {
    const { dir, tenant, cli } = await setup();
    expect((await cli(['graph', 'credentials', '--secret-stdin'], `${SECRET}\n`)).code).toBe(0);
    expect((await cli(['graph', 'sync'])).code).toBe(0);
    const seedB32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    writeFileSync(join(dir, 't.csv'), `upn,serial number,secret key,time interval,manufacturer,model\nalice@contoso.com,T2-9001,${seedB32},30,Token2,C302\n`);
    expect((await cli(['token', 'import', join(dir, 't.csv')])).code).toBe(0);
    const codeAt = (offsetSteps: number) => execFileSync('oathtool', ['--totp', '-b', '-N', `@${Math.floor(Date.now() / 1000) + offsetSteps * 30}`, seedB32], { encoding: 'utf8' }).trim();

    const wrong = await cli(['graph', 'register-token', 'T2-9001', '000000']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('not accepted');
    expect(tenant.state().hardwareOathDevices).toEqual([]);

    const ok = await cli(['--json', 'graph', 'register-token', 'T2-9001', codeAt(0)]);
    expect(ok.code, ok.stderr).toBe(0);
    const alice = tenant.state().users.find((u) => u.userPrincipalName === 'alice@contoso.com');
    expect(ok.json()).toMatchObject({ serial: 'T2-9001', entraUserId: alice?.id, existed: false });
    const [device] = tenant.state().hardwareOathDevices;
    expect(device).toMatchObject({ serialNumber: 'T2-9001', manufacturer: 'Token2', model: 'C302', status: 'activated' });

    const again = await cli(['graph', 'register-token', 'T2-9001', codeAt(1)]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already assigns');
    expect(tenant.state().hardwareOathDevices).toHaveLength(1);
  });

  test('federate, rollover, defederate: checks printed by name, exit 1 when refused, then Entra configured', async () => {
    const { tenant, cli } = await setup(['server: { publicUrl: "https://mfa.contoso.com" }', 'federation:', '  domains:', '    - { name: contoso.com }', '    - { name: fabrikam.com }']);
    expect((await cli(['graph', 'credentials', '--secret-stdin'], `${SECRET}\n`)).code).toBe(0);
    expect((await cli(['graph', 'sync'])).code).toBe(0);
    expect((await cli(['federation', 'keys', 'generate-next'])).code).toBe(0);
    expect((await cli(['federation', 'keys', 'activate-next'])).code).toBe(0);

    const refused = await cli(['graph', 'federate', '--domain', 'fabrikam.com']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('[FAIL] domain exists in Entra: the tenant has no domain fabrikam.com');
    expect(refused.stdout).toMatch(/fix: add fabrikam\.com in the Entra admin center/);
    expect(refused.stdout).toContain('fabrikam.com was not federated');
    expect((await cli(['graph', 'federate', '--domain', 'contoso.com', '--protocol', 'oidc'])).stderr).toContain('ERR_INVALID_INPUT');

    const ok = await cli(['graph', 'federate', '--domain', 'contoso.com']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('[ok  ] immutable ids: 2 provisioned user(s) of contoso.com hold their immutable ID in Entra');
    expect(ok.stdout).toContain('federated contoso.com (saml, issuer https://mfa.contoso.com/federation/contoso.com)');
    expect(tenant.state().federationConfigurations).toHaveLength(1);
    const again = await cli(['--json', 'graph', 'federate', '--domain', 'contoso.com']);
    expect(again.json()).toMatchObject({ outcome: 'already_federated' });

    const p1 = await cli(['graph', 'rollover', '--domain', 'contoso.com']);
    expect(p1.code, p1.stderr).toBe(0);
    expect(p1.stdout).toContain('--activate');
    const p2 = await cli(['--json', 'graph', 'rollover', '--domain', 'contoso.com', '--activate']);
    expect(p2.json()).toMatchObject({ phase: 'activated', outcome: 'done', steps: ['activated_key', 'replaced_signing_certificate'] });
    const current = (await cli(['--json', 'federation', 'keys', 'list'])).json<Array<{ id: string; state: string }>>().find((k) => k.state === 'current');
    expect(p2.json<{ keyId: string }>().keyId).toBe(current?.id);

    const off = await cli(['graph', 'defederate', '--domain', 'contoso.com']);
    expect(off.code, off.stderr).toBe(0);
    expect(off.stdout).toContain('contoso.com is Managed again');
    expect(off.stdout).toContain('cloud passwords');
    expect(tenant.state().federationConfigurations).toEqual([]);
  });
});
