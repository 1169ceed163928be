// SPDX-License-Identifier: UNLICENSED
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { AuditEntryInput } from '../store/store.js';

/** The `prevHash` of the first record of a chain: 64 ASCII zeros. */
export const GENESIS_HASH = '0'.repeat(64);

const PREFIX = 'mfa-audit:v1\n';
const HEX_SHA256 = /^[0-9a-f]{64}$/;

/**
 * The hash of one audit record, as lowercase hex SHA-256. Byte layout of the hashed message
 * (UTF-8, no BOM, no trailing newline):
 *
 * ```
 * "mfa-audit:v1\n"                                   13 bytes, domain separation and version
 * canonicalJson([seq, ts, event, actor, subject, source, outcome, details])
 * "\n"
 * prevHash                                           64 lowercase hex characters
 * ```
 *
 * `canonicalJson` (./canonical-json.ts) sorts object keys recursively and has no whitespace, e.g.
 * `[7,1700000000000,"user.created","cli:root","alice@contoso.com","cli","success",{"userId":"u1"}]`.
 * `subject` is `null` when absent. The JSON array is self-delimiting and `prevHash` has a fixed
 * length, so no two distinct records share a message.
 *
 * Throws `TypeError` when `seq` is not a positive safe integer, `ts` not a finite number,
 * `prevHash` not 64 lowercase hex characters, or `details` not canonical-JSON serialisable.
 */
export function hashAuditRecord(seq: number, prevHash: string, input: AuditEntryInput): string {
  if (!Number.isSafeInteger(seq) || seq < 1) throw new TypeError(`hashAuditRecord: bad seq ${seq}`);
  if (!HEX_SHA256.test(prevHash)) throw new TypeError('hashAuditRecord: prevHash must be 64 lowercase hex characters');
  const body = canonicalJson([
    seq, input.ts, input.event, input.actor, input.subject ?? null, input.source, input.outcome, input.details,
  ]);
  return createHash('sha256').update(`${PREFIX}${body}\n${prevHash}`, 'utf8').digest('hex');
}
