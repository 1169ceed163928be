// SPDX-License-Identifier: UNLICENSED
import { X509Certificate } from 'node:crypto';
import type { CertInfo, SigningKeys } from '../../federation/keys/signing-keys.js';
import type { FederationCheck } from './federation-check.js';

const NAME = 'signing certificate';
const DAY_MS = 86_400_000;

/**
 * `signing certificate`: there is a current key whose private key opens and matches its certificate,
 * the certificate is valid now and parses as X.509 DER (what Entra stores; a bad one leaves the domain
 * stuck, reference §3.5); so is the next one, when present. Warns when the current one expires within
 * `warnDays`. Returns the certificates to publish when the check did not fail.
 */
export async function checkSigningCertificate(keys: SigningKeys, now: number, warnDays: number): Promise<{ check: FederationCheck; published: { current: CertInfo; next: CertInfo | null } | null }> {
  let published;
  try {
    const active = await keys.current();
    published = await keys.published();
    if (published.current.id !== active.id) throw new Error('the current key changed while it was checked; run again');
    if (!new X509Certificate(published.current.certificateDer).checkPrivateKey(active.privateKey)) throw new Error(`certificate of key ${active.id} does not match its private key`);
  } catch (err) {
    return { check: { name: NAME, status: 'fail', detail: err instanceof Error ? err.message : String(err), fix: 'run `mfa-appliance doctor`; `mfa-appliance federation keys list` shows the keys' }, published: null };
  }
  for (const [label, c] of [['current', published.current], ['next', published.next]] as const) {
    if (c === null) continue;
    if (c.notBefore > now || c.notAfter <= now) {
      const fix = label === 'current'
        ? 'generate and activate a new key: `mfa-appliance federation keys generate-next`, then `federation keys activate-next`'
        : `retire it (\`mfa-appliance federation keys retire ${c.id}\`) and generate another`;
      return { check: { name: NAME, status: 'fail', detail: `the ${label} certificate (${c.id}) is valid only from ${iso(c.notBefore)} to ${iso(c.notAfter)}`, fix }, published: null };
    }
  }
  const { current, next } = published;
  const detail = `current ${current.id}, SHA-256 ${current.thumbprintSha256}, valid until ${iso(current.notAfter)}${next === null ? '' : `; next ${next.id} published too`}`;
  if (current.notAfter - now <= warnDays * DAY_MS) {
    return { check: { name: NAME, status: 'warn', detail, fix: 'roll over soon: `mfa-appliance graph rollover --domain D`, then `--activate`' }, published };
  }
  return { check: { name: NAME, status: 'ok', detail }, published };
}

const iso = (ms: number): string => new Date(ms).toISOString();
