// SPDX-License-Identifier: UNLICENSED
import type { AuditLog } from '../../audit/audit-log.js';
import { verifyAuditChain } from '../../audit/verify-audit-chain.js';
import type { Actor } from '../../actor.js';
import type { AuditStore } from '../../store/store.js';
import type { DoctorCheck } from './doctor-check.js';

/**
 * Verifies the hash chain, then checks that the head recorded by the previous `audit.verified` is still
 * in the chain (the chain alone cannot show records cut from its end). Records the result as a new
 * `audit.verified` record, which anchors the next run.
 */
export async function checkAuditChain(store: AuditStore, audit: AuditLog, actor: Actor): Promise<DoctorCheck> {
  const anchor = (await store.recent(50, { event: 'audit.verified' })).find((r) => r.outcome === 'success');
  const result = await verifyAuditChain(store);
  let check: DoctorCheck;
  if (!result.ok) {
    const b = result.firstBroken;
    check = { name: 'audit chain', status: 'fail', detail: `broken at seq ${b.seq}: ${b.reason} (${result.checked} records verified before it)`, data: { ...b } };
  } else {
    const prev = anchor?.details as { checked?: unknown; headHash?: unknown } | undefined;
    const prevSeq = typeof prev?.checked === 'number' ? prev.checked : 0;
    const atPrev = prevSeq > 0 ? (await store.list(prevSeq - 1, 1))[0] : undefined;
    if (prevSeq > 0 && (atPrev === undefined || atPrev.hash !== prev?.headHash)) {
      check = { name: 'audit chain', status: 'fail', detail: `the chain no longer contains record ${prevSeq} verified by doctor at seq ${anchor?.seq ?? '?'}: records were removed` };
    } else {
      check = { name: 'audit chain', status: 'ok', detail: `${result.checked} records, head ${result.headHash.slice(0, 16)}…` };
    }
  }
  await audit.record({
    event: 'audit.verified', actor: actor.id, source: actor.source, subject: null,
    outcome: check.status === 'ok' ? 'success' : 'failure',
    details: result.ok ? { checked: result.checked, headHash: result.headHash } : { checked: result.checked, brokenSeq: result.firstBroken.seq, reason: result.firstBroken.reason },
  });
  return check;
}
