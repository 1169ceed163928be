// SPDX-License-Identifier: UNLICENSED
import type { InitLayout } from './init-layout.js';

/** The commented config.yaml that `init` writes. Values are JSON-quoted, which is valid YAML. */
export function starterConfig(v: { layout: InitLayout; listen: string; publicUrl: string; demo: boolean; systemd: boolean; at: number }): string {
  const q = (s: string): string => JSON.stringify(s);
  const { yaml } = v.layout;
  return [
    `# mfa-appliance configuration, written by \`mfa-appliance init\` at ${new Date(v.at).toISOString()}.`,
    '# Every key, its default and its environment variable: docs/config.md.',
    '# Relative paths are relative to this file.',
    `dataDir: ${q(yaml.dataDir)}`,
    'server:',
    `  listen: ${q(v.listen)}`,
    `  publicUrl: ${q(v.publicUrl)}`,
    ...(yaml.certFile && yaml.keyFile
      ? ['  tls:', `    certFile: ${q(yaml.certFile)}`, `    keyFile: ${q(yaml.keyFile)}`]
      : ['  # TLS certificate and key: <dataDir>/tls/cert.pem and key.pem (generated on first start if missing).']),
    '  # Reverse proxies whose X-Forwarded-For is honoured, e.g. ["10.0.0.5"]',
    '  trustedProxies: []',
    'vault:',
    ...(v.systemd
      ? ['  # Read by the CLI (as root). The service reads systemd\'s copy instead: the unit sets',
        '  # MFA_APPLIANCE_VAULT__MASTER_KEY_FILE=%d/master-key (LoadCredential=master-key:…).']
      : []),
    `  masterKeyFile: ${q(yaml.masterKeyFile)}`,
    'log:',
    '  level: info',
    ...(v.demo ? ['# Demo installation: demo key and users. Never use in production.', 'demo: true'] : []),
    '',
  ].join('\n');
}
