// SPDX-License-Identifier: UNLICENSED
import type { AppConfig } from '../config/schema.js';
import { ConfigError } from '../errors.js';

/** A domain whose users sign in here, with the issuer its tokens carry (unique per domain in the tenant, reference §1.2, §3.5). */
export interface FederatedDomain {
  /** Lower-case domain name, e.g. `contoso.com`. */
  name: string;
  protocol: 'saml' | 'wsfed';
  issuer: string;
}

/**
 * `federation.domains` with each issuer filled in (`null` → `<publicUrl>/federation/<name>`). Two domains
 * with the same issuer would make Entra refuse the second one (409 `Request_MultipleObjectsWithSameKeyValue`),
 * so that is a `ConfigError` naming `federation.domains[i].issuer` of the later one; so is a domain listed twice.
 */
export function resolveFederatedDomains(domains: ReadonlyArray<Readonly<AppConfig['federation']['domains'][number]>>, publicUrl: string): FederatedDomain[] {
  const base = publicUrl.replace(/\/+$/, '');
  const resolved = domains.map((d) => ({ name: d.name.toLowerCase(), protocol: d.protocol, issuer: d.issuer ?? `${base}/federation/${d.name.toLowerCase()}` }));
  const issues: { path: string; message: string }[] = [];
  resolved.forEach((d, i) => {
    const first = resolved.findIndex((o) => o.name === d.name);
    if (first < i) issues.push({ path: `federation.domains[${i}].name`, message: `${d.name} is already listed as federation.domains[${first}]` });
    const same = resolved.findIndex((o) => o.issuer === d.issuer);
    if (same < i && first === i) {
      issues.push({ path: `federation.domains[${i}].issuer`, message: `${d.issuer} is already the issuer of ${resolved[same]?.name ?? ''} (federation.domains[${same}]); each domain needs its own issuer` });
    }
  });
  if (issues.length > 0) throw new ConfigError(issues);
  return resolved;
}

/** The federated domain a UPN belongs to: the part after the last `@`, compared case-insensitively and exactly (no subdomain match). */
export function domainForUpn(domains: readonly FederatedDomain[], upn: string): FederatedDomain | null {
  const at = upn.lastIndexOf('@');
  if (at < 0) return null;
  const suffix = upn.slice(at + 1).toLowerCase();
  return domains.find((d) => d.name === suffix) ?? null;
}
