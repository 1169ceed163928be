// SPDX-License-Identifier: UNLICENSED
import { GraphError } from './graph-error.js';
import { parseSigningCertificate } from './parse-signing-certificate.js';
import type { GraphObject, TenantData } from './tenant-data.js';

/** Reference §3.1/§3.2: what a create needs for the passive flow to work. */
const REQUIRED = ['issuerUri', 'passiveSignInUri', 'preferredAuthenticationProtocol', 'signingCertificate'] as const;
const URI_PROPERTIES = ['passiveSignInUri', 'activeSignInUri', 'signOutUri', 'metadataExchangeUri', 'passwordResetUri'] as const;
const READ_ONLY = ['id', 'signingCertificateUpdateStatus'];

function invalid(property: string): GraphError {
  return new GraphError(400, 'Request_BadRequest', `Invalid value specified for property '${property}' of resource 'InternalDomainFederation'.`);
}

function isAbsoluteUri(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  try {
    return new URL(v).protocol.length > 1;
  } catch {
    return false;
  }
}

/**
 * Checks a federationConfiguration body (`merged` = the stored configuration with the change applied)
 * beyond its JSON types: required properties on create, read-only ones, absolute URIs, certificates that
 * parse as X.509 (base64 DER), and `issuerUri` unique across the tenant's domains (409
 * `Request_MultipleObjectsWithSameKeyValue`, reference §3.5). Returns the property that failed the
 * certificate check (so create can model the stuck-domain outcome), or null when all is well;
 * every other failure throws.
 */
export function checkFederationConfiguration(data: TenantData, change: GraphObject, merged: GraphObject, selfId: string | null): 'signingCertificate' | null {
  for (const k of READ_ONLY) if (k in change) throw new GraphError(400, 'Request_BadRequest', `Property '${k}' is read-only and cannot be set.`);
  if (selfId === null) {
    for (const p of REQUIRED) {
      if (p !== 'signingCertificate' && (merged[p] === undefined || merged[p] === null || merged[p] === '')) throw invalid(p);
    }
  }
  if (!isAbsoluteUri(merged.issuerUri)) throw invalid('issuerUri');
  for (const p of URI_PROPERTIES) if (merged[p] !== undefined && merged[p] !== null && !isAbsoluteUri(merged[p])) throw invalid(p);
  if (merged.preferredAuthenticationProtocol === 'unknownFutureValue') throw invalid('preferredAuthenticationProtocol');
  if ('nextSigningCertificate' in change && change.nextSigningCertificate !== null && !parseSigningCertificate(change.nextSigningCertificate)) {
    throw invalid('nextSigningCertificate');
  }
  for (const f of data.federations.values()) {
    if (f.id !== selfId && String(f.props.issuerUri) === String(merged.issuerUri)) {
      throw new GraphError(409, 'Request_MultipleObjectsWithSameKeyValue', 'Another object with the same value for property issuerUri already exists.');
    }
  }
  if (('signingCertificate' in change || selfId === null) && !parseSigningCertificate(merged.signingCertificate)) return 'signingCertificate';
  return null;
}
