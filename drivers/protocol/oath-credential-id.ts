// SPDX-License-Identifier: UNLICENSED
/**
 * The YKOATH credential id (token-hardware.md §1.5, yubikit `_format_cred_id` / `_parse_cred_id`):
 *
 *   [<period>/][<issuer>:]<name>      UTF-8, at most 64 bytes
 *
 * The period prefix is written only for TOTP with a period other than 30; the device never stores the
 * period anywhere else, so clients read it back from the id.
 */
import { DEFAULT_PERIOD, type OathType } from './ykoath-constants.js';

export interface CredentialIdParts {
  issuer: string | null;
  name: string;
  /** Seconds for TOTP; 0 for HOTP. */
  period: number;
}

const TOTP_ID_PATTERN = /^((\d+)\/)?(([^:]+):)?(.+)$/s;

export function formatCredentialId(type: OathType, name: string, issuer: string | null = null, period: number = DEFAULT_PERIOD): Buffer {
  let id = '';
  if (type === 'TOTP' && period !== DEFAULT_PERIOD) id += `${period}/`;
  if (issuer) id += `${issuer}:`;
  id += name;
  return Buffer.from(id, 'utf8');
}

export function parseCredentialId(id: Buffer, type: OathType): CredentialIdParts {
  const text = id.toString('utf8');
  if (type === 'TOTP') {
    const m = TOTP_ID_PATTERN.exec(text);
    if (!m) return { issuer: null, name: text, period: DEFAULT_PERIOD };
    return { issuer: m[4] ?? null, name: m[5] ?? '', period: m[2] === undefined ? DEFAULT_PERIOD : Number(m[2]) };
  }
  const colon = text.indexOf(':');
  if (colon < 0) return { issuer: null, name: text, period: 0 };
  return { issuer: text.slice(0, colon), name: text.slice(colon + 1), period: 0 };
}
