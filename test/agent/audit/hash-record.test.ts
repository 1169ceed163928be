// SPDX-License-Identifier: UNLICENSED
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { GENESIS_HASH, hashAuditRecord } from '../../../agent/audit/hash-record.js';
import type { AuditEntryInput } from '../../../agent/store/store.js';

const FIRST: AuditEntryInput = {
  ts: 1700000000000,
  event: 'user.created',
  actor: 'cli:root',
  subject: 'alice@contoso.com',
  source: 'cli',
  outcome: 'success',
  details: { userId: 'u1', b: { z: 1, a: [true, null, 'é'] } },
};
const SECOND: AuditEntryInput = {
  ts: 1700000000001, event: 'service.started', actor: 'system', subject: null, source: 'system', outcome: 'success', details: {},
};

/** The documented layout, written out literally and hashed without our helpers. */
function byHand(json: string, prevHash: string): string {
  return createHash('sha256').update(Buffer.from(`mfa-audit:v1\n${json}\n${prevHash}`, 'utf8')).digest('hex');
}

const FIRST_JSON = '[1,1700000000000,"user.created","cli:root","alice@contoso.com","cli","success",{"b":{"a":[true,null,"é"],"z":1},"userId":"u1"}]';
const SECOND_JSON = '[2,1700000000001,"service.started","system",null,"system","success",{}]';
const FIRST_HASH = '316982e3d68dd4ccc418a20181f85bf5131b76fcb6ec38eefba70a14cdc22948';
const SECOND_HASH = '1ccc51de3ab7c014aa54cf85feb50c2af943824d70191c47ef59c72a8c18c6c1';

describe('GENESIS_HASH', () => {
  test('is 64 zeros', () => {
    expect(GENESIS_HASH).toBe('0000000000000000000000000000000000000000000000000000000000000000');
  });
});

describe('hashAuditRecord', () => {
  test('matches the documented layout computed by hand (pinned vector)', () => {
    expect(byHand(FIRST_JSON, '0'.repeat(64))).toBe(FIRST_HASH);
    expect(hashAuditRecord(1, GENESIS_HASH, FIRST)).toBe(FIRST_HASH);
  });

  test('chains: the second record hashes the first hash, and a null subject is JSON null', () => {
    expect(byHand(SECOND_JSON, FIRST_HASH)).toBe(SECOND_HASH);
    expect(hashAuditRecord(2, FIRST_HASH, SECOND)).toBe(SECOND_HASH);
  });

  test('does not depend on the key order of details', () => {
    const reordered = { ...FIRST, details: { b: { a: [true, null, 'é'], z: 1 }, userId: 'u1' } };
    expect(hashAuditRecord(1, GENESIS_HASH, reordered)).toBe(FIRST_HASH);
  });

  test.each([
    ['seq', (): string => hashAuditRecord(2, GENESIS_HASH, FIRST)],
    ['prevHash', (): string => hashAuditRecord(1, SECOND_HASH, FIRST)],
    ['ts', (): string => hashAuditRecord(1, GENESIS_HASH, { ...FIRST, ts: FIRST.ts + 1 })],
    ['actor', (): string => hashAuditRecord(1, GENESIS_HASH, { ...FIRST, actor: 'cli:rooT' })],
    ['subject null vs "null"', (): string => hashAuditRecord(2, FIRST_HASH, { ...SECOND, subject: 'null' })],
    ['outcome', (): string => hashAuditRecord(1, GENESIS_HASH, { ...FIRST, outcome: 'failure' })],
    ['a nested detail', (): string => hashAuditRecord(1, GENESIS_HASH, { ...FIRST, details: { userId: 'u1', b: { z: 2, a: [true, null, 'é'] } } })],
  ])('changes when %s changes', (_name, compute) => {
    const h = compute();
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect([FIRST_HASH, SECOND_HASH]).not.toContain(h);
  });

  test('keeps field boundaries: moving text between actor and subject changes the hash', () => {
    const a = { ...SECOND, actor: 'system', subject: 'x' };
    const b = { ...SECOND, actor: 'systemx', subject: '' };
    expect(hashAuditRecord(1, GENESIS_HASH, a)).not.toBe(hashAuditRecord(1, GENESIS_HASH, b));
  });

  test.each([
    ['seq 0', 0, GENESIS_HASH, FIRST, /bad seq/],
    ['fractional seq', 1.5, GENESIS_HASH, FIRST, /bad seq/],
    ['uppercase prevHash', 1, 'A'.repeat(64), FIRST, /prevHash/],
    ['short prevHash', 1, '0'.repeat(63), FIRST, /prevHash/],
    ['NaN in details', 1, GENESIS_HASH, { ...FIRST, details: { n: NaN } }, /non-finite/],
  ])('rejects %s', (_name, seq, prev, input, message) => {
    expect(() => hashAuditRecord(seq, prev, input)).toThrow(message);
  });
});
