// SPDX-License-Identifier: UNLICENSED
import type { DoctorCheck } from '../../ops/doctor/doctor-check.js';
import type { SigningKeysStatus } from './signing-keys.js';

const NAME = 'Signing keys';
const DAY_MS = 86_400_000;

/**
 * The `doctor` line for token-signing keys. Rules:
 * - no current key: `fail` when `federation.domains` is not empty (sign-ins cannot be answered), else `warn`;
 * - current certificate expired (`daysLeft < 0`) or not yet valid: `fail`;
 * - valid for `warnDays` days or less: `warn` (with the rollover commands as the fix);
 * - otherwise `ok`. A next key, when present, is reported in the detail.
 */
export function checkSigningKeys(status: SigningKeysStatus, opts: { now: number; warnDays: number; federatedDomains: number }): DoctorCheck {
  const { current, next } = status;
  if (current === null) {
    const detail = 'no current token-signing key';
    const fix = 'run `mfa-appliance federation keys generate-next` and `activate-next`, or start `serve` (it creates the first key)';
    return opts.federatedDomains > 0
      ? { name: NAME, status: 'fail', detail: `${detail}, but federation.domains lists ${opts.federatedDomains} domain(s)`, fix }
      : { name: NAME, status: 'warn', detail: `${detail} (no domain is federated yet)`, fix };
  }
  const nextText = next === null ? 'no next key' : `next key ${next.id} (${next.daysLeft} days left)`;
  const detail = `current key ${current.id}, SHA-256 ${current.thumbprintSha256}, expires ${new Date(current.notAfter).toISOString()} (${current.daysLeft} days); ${nextText}`;
  const data = { currentKeyId: current.id, daysLeft: current.daysLeft, nextKeyId: next?.id ?? null };
  const rollover = 'roll over: `mfa-appliance graph rollover --domain D` for each federated domain, then `graph rollover --domain D --activate`';
  if (current.notAfter <= opts.now) return { name: NAME, status: 'fail', detail, fix: `the signing certificate has expired; ${rollover}`, data };
  if (current.notBefore > opts.now) return { name: NAME, status: 'fail', detail: `${detail}; not valid before ${new Date(current.notBefore).toISOString()}`, fix: 'check the system clock', data };
  if (current.notAfter - opts.now <= opts.warnDays * DAY_MS) return { name: NAME, status: 'warn', detail, fix: rollover, data };
  return { name: NAME, status: 'ok', detail, data };
}
