// SPDX-License-Identifier: UNLICENSED
import { GraphError } from './graph-error.js';
import type { DomainRecord, TenantData } from './tenant-data.js';

/** Reference §4.2: allowed characters, one `@`, no `.` before it, lengths 113 / 64 / 48. */
const UPN_LOCAL = /^[A-Za-z0-9'.\-_!#^~]+$/;
const UPN_MAX = 113;
const UPN_LOCAL_MAX = 64;
const UPN_DOMAIN_MAX = 48;

/**
 * Returns the tenant domain of a valid UPN. 400 `Request_BadRequest` for a malformed UPN, and for a
 * domain that is not a verified domain of the tenant.
 */
export function checkUserPrincipalName(data: TenantData, upn: string): DomainRecord {
  const invalid = (): GraphError =>
    new GraphError(400, 'Request_BadRequest', 'Property userPrincipalName is invalid.', {
      details: [{ code: 'InvalidValue', message: 'Property userPrincipalName is invalid.', target: 'userPrincipalName' }],
    });
  const at = upn.indexOf('@');
  if (at <= 0 || upn.indexOf('@', at + 1) !== -1 || upn.length > UPN_MAX) throw invalid();
  const local = upn.slice(0, at);
  const domainName = upn.slice(at + 1).toLowerCase();
  if (!UPN_LOCAL.test(local) || local.endsWith('.') || local.length > UPN_LOCAL_MAX || domainName.length > UPN_DOMAIN_MAX) throw invalid();
  const domain = data.domains.get(domainName);
  if (!domain || !domain.isVerified) {
    const message = 'The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.';
    throw new GraphError(400, 'Request_BadRequest', message, { details: [{ code: 'InvalidValue', message, target: 'userPrincipalName' }] });
  }
  return domain;
}
