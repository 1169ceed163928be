// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { describeConfig, envVarName } from '../../../agent/config/describe-config.js';

describe('envVarName', () => {
  test.each([
    [['dataDir'], 'MFA_APPLIANCE_DATA_DIR'],
    [['server', 'listen'], 'MFA_APPLIANCE_SERVER__LISTEN'],
    [['store', 'sqlite', 'busyTimeoutMs'], 'MFA_APPLIANCE_STORE__SQLITE__BUSY_TIMEOUT_MS'],
    [['server', 'tls', 'certFile'], 'MFA_APPLIANCE_SERVER__TLS__CERT_FILE'],
  ])('%j → %s', (segments, name) => {
    expect(envVarName(segments)).toBe(name);
  });
});

describe('describeConfig', () => {
  const rows = describeConfig();

  test('lists every leaf key of the issue\'s schema, in order', () => {
    expect(rows.map((r) => r.path)).toEqual([
      'dataDir', 'server.listen', 'server.publicUrl', 'server.tls.enabled', 'server.tls.certFile', 'server.tls.keyFile',
      'server.trustedProxies', 'server.bodyLimitBytes', 'store.driver', 'store.sqlite.path', 'store.sqlite.busyTimeoutMs',
      'store.postgres.url', 'vault.masterKeyFile', 'log.level', 'directory.upnSuffixes', 'directory.password.minLength',
      'directory.password.scrypt.cost', 'directory.password.scrypt.blockSize', 'directory.password.scrypt.parallelization',
      'otp.window', 'otp.maxDriftSteps', 'otp.hotpLookAhead', 'otp.resync.totpWindowSeconds', 'otp.resync.hotpWindow', 'otp.issuer',
      'policy.trustedNetworks',
      ...['otp', 'password'].flatMap((f) => ['freeAttempts', 'baseDelaySeconds', 'maxDelaySeconds', 'maxFailures'].map((k) => `policy.lockout.${f}.${k}`)),
      'policy.lockout.perSource.maxFailures', 'policy.lockout.perSource.windowSeconds', 'api.rateLimit.burst', 'api.rateLimit.perSecond',
      'graph.tenantId', 'graph.clientId', 'graph.baseUrl', 'graph.authorityHost', 'graph.caFile', 'graph.timeoutMs', 'graph.maxRetries',
      'graph.writesPerWindow', 'graph.writeWindowSeconds', 'graph.sync.defaultUsageLocation', 'graph.sync.intervalMinutes', 'graph.sync.groups',
      'federation.domains', 'federation.signing.keyBits', 'federation.signing.validityDays', 'federation.signing.warnDays',
      'federation.saml.requireSignedRequests', 'federation.saml.entraCertificatesFile', 'federation.saml.signResponse',
      'federation.signin.transactionSeconds', 'federation.signin.sessionMinutes', 'federation.signin.skipCodeOnTrustedNetworks',
      'tokens.program.algorithm', 'tokens.program.registerInEntra', 'helpdesk.session.idleMinutes', 'helpdesk.session.maxHours', 'demo',
    ]);
  });

  test('every key has a title, a description and a distinct environment variable', () => {
    for (const row of rows) {
      expect(row.title.length, row.path).toBeGreaterThan(0);
      expect(row.description.length, row.path).toBeGreaterThan(20);
    }
    expect(new Set(rows.map((r) => r.envVar)).size).toBe(rows.length);
  });

  test('reports kinds, types, defaults and flags', () => {
    const byPath = new Map(rows.map((r) => [r.path, r]));
    expect(byPath.get('server.bodyLimitBytes')).toMatchObject({ kind: 'integer', type: 'integer 1024–10485760', default: 65536 });
    expect(byPath.get('server.publicUrl')).toMatchObject({ kind: 'string', type: 'string | null', nullable: true, default: null });
    expect(byPath.get('store.driver')).toMatchObject({ kind: 'enum', type: '"sqlite" | "postgres"', default: 'sqlite' });
    expect(byPath.get('server.trustedProxies')).toMatchObject({ kind: 'array', type: 'string[]', default: [] });
    expect(byPath.get('store.postgres.url')?.secret).toBe(true);
    expect(byPath.get('policy.trustedNetworks')).toMatchObject({ kind: 'record', type: 'map of name → string[]', default: {} });
    expect(byPath.get('federation.signing.keyBits')).toMatchObject({ kind: 'integer', type: '2048 | 3072 | 4096', default: 2048 });
    expect(rows.filter((r) => r.fsPath).map((r) => r.path))
      .toEqual(['dataDir', 'server.tls.certFile', 'server.tls.keyFile', 'store.sqlite.path', 'vault.masterKeyFile', 'graph.caFile', 'federation.saml.entraCertificatesFile']);
  });
});
