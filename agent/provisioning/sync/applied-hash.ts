// SPDX-License-Identifier: UNLICENSED
import { createHash } from 'node:crypto';
import type { DeprovisionRule, DesiredUser } from './desired-state.js';

/**
 * Layout of `GraphLinkRecord.appliedHash`: `v1.<rule>.<digest>` where `<rule>` is the user's
 * deprovision rule when it was applied (so a user who later leaves every group is deprovisioned by
 * the rule of the group they left) and `<digest>` is base64url SHA-256 of the canonical JSON of the
 * applied attributes (UPN, display name, mail nickname, immutable id, accountEnabled, usage location,
 * SKU ids). An empty digest (`v1.disable.`) means "compare with Entra at the next plan".
 */
const VERSION = 'v1';
const RULES: readonly DeprovisionRule[] = ['leave', 'disable', 'delete'];

/** The link hash of `d`, or the cleared hash (digest empty) with `cleared`. */
export function appliedHash(d: DesiredUser, cleared = false): string {
  if (cleared) return `${VERSION}.${d.deprovision}.`;
  const canonical = JSON.stringify([d.upn.toLowerCase(), d.displayName, d.mailNickname, d.immutableId, d.accountEnabled, d.usageLocation, d.skuIds]);
  return `${VERSION}.${d.deprovision}.${createHash('sha256').update(canonical).digest('base64url')}`;
}

/** The deprovision rule recorded in a link hash, or null when it has none (an older or foreign value). */
export function ruleOfAppliedHash(hash: string): DeprovisionRule | null {
  const [version, rule] = hash.split('.');
  return version === VERSION && RULES.includes(rule as DeprovisionRule) ? (rule as DeprovisionRule) : null;
}

/** `hash` with its digest emptied, keeping the rule. */
export function clearAppliedHash(hash: string): string {
  const rule = ruleOfAppliedHash(hash);
  return rule === null ? '' : `${VERSION}.${rule}.`;
}
