// SPDX-License-Identifier: UNLICENSED
import type { DomainFederation, DomainFederationSettings } from '../graph/domain-operations.js';

/**
 * The properties of `desired` that `existing` (as Graph returned it) does not hold, ready to PATCH.
 * Graph returns unset properties as null and `isSignedAuthenticationRequestRequired` unset as false;
 * enum values compare case-insensitively, everything else exactly. Empty when nothing differs.
 */
export function federationDifferences(desired: DomainFederationSettings, existing: DomainFederation): DomainFederationSettings {
  const changes: Record<string, unknown> = {};
  for (const [k, want] of Object.entries(desired) as [keyof DomainFederationSettings, unknown][]) {
    let have: unknown = existing[k] ?? null;
    if (k === 'isSignedAuthenticationRequestRequired') have = existing[k] ?? false;
    const same = typeof want === 'string' && typeof have === 'string' && ENUMS.has(k) ? want.toLowerCase() === have.toLowerCase() : want === have;
    if (!same) changes[k] = want;
  }
  return changes as DomainFederationSettings;
}

const ENUMS = new Set<string>(['preferredAuthenticationProtocol', 'federatedIdpMfaBehavior', 'promptLoginBehavior']);
