// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { configWarnings } from '../../../agent/config/config-warnings.js';
import { loadConfig } from '../../../agent/config/load-config.js';

const withEnv = (env: NodeJS.ProcessEnv) => loadConfig({ env, cwd: '/', hostname: 'mfa.test' });

describe('configWarnings', () => {
  test('the defaults are safe', () => {
    expect(configWarnings(withEnv({}))).toEqual([]);
  });

  test('demo mode warns about the demo master key and users', () => {
    const warnings = configWarnings(withEnv({ MFA_APPLIANCE_DEMO: 'true' }));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^MUST change: demo is true/);
    expect(warnings[0]).toContain('demo master key');
  });

  test('plain HTTP on a non-loopback address warns, once for TLS and once for the http public URL', () => {
    const warnings = configWarnings(withEnv({ MFA_APPLIANCE_SERVER__TLS__ENABLED: 'false', MFA_APPLIANCE_SERVER__LISTEN: '[::]:8080' }));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('server.tls.enabled is false while server.listen is [::]:8080');
    expect(warnings[1]).toContain('server.publicUrl is http://mfa.test:8080');
  });

  test.each(['127.0.0.1:8080', '127.8.9.1:80', '[::1]:8080', 'localhost:8080'])('plain HTTP on loopback %s is quiet', (listen) => {
    expect(configWarnings(withEnv({ MFA_APPLIANCE_SERVER__TLS__ENABLED: 'false', MFA_APPLIANCE_SERVER__LISTEN: listen }))).toEqual([]);
  });

  test('plain HTTP behind a proxy with an https public URL warns only about the listener', () => {
    const warnings = configWarnings(withEnv({
      MFA_APPLIANCE_SERVER__TLS__ENABLED: 'false',
      MFA_APPLIANCE_SERVER__LISTEN: '10.0.0.5:8080',
      MFA_APPLIANCE_SERVER__PUBLIC_URL: 'https://mfa.contoso.com',
    }));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('server.listen is 10.0.0.5:8080');
  });

  test('a trusted proxy range of /0 warns for each such entry', () => {
    const warnings = configWarnings(withEnv({ MFA_APPLIANCE_SERVER__TRUSTED_PROXIES: '[10.0.0.0/8, 0.0.0.0/0, "::/0"]' }));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('server.trustedProxies contains 0.0.0.0/0');
    expect(warnings[1]).toContain('server.trustedProxies contains ::/0');
  });

  test('every warning reads "MUST change: <key path> …"', () => {
    const warnings = configWarnings(withEnv({
      MFA_APPLIANCE_DEMO: 'true',
      MFA_APPLIANCE_SERVER__TLS__ENABLED: 'false',
      MFA_APPLIANCE_SERVER__TRUSTED_PROXIES: '[0.0.0.0/0]',
    }));
    expect(warnings).toHaveLength(4);
    for (const w of warnings) expect(w).toMatch(/^MUST change: /);
    expect(warnings.map((w) => w.split(' ')[2])).toEqual(['demo', 'server.tls.enabled', 'server.trustedProxies', 'server.publicUrl']);
  });
});
