// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { createAuditLog } from '../../../agent/audit/audit-log.js';
import type { AuditEntry } from '../../../agent/audit/audit-log.js';
import { GENESIS_HASH, hashAuditRecord } from '../../../agent/audit/hash-record.js';
import { verifyAuditChain } from '../../../agent/audit/verify-audit-chain.js';
import { MfaError } from '../../../agent/errors.js';
import { createNullLogger } from '../../../agent/log/logger.js';
import type { Logger } from '../../../agent/log/logger.js';
import { fixedClock } from '../../helpers/fixed-clock.js';
import { useTempSqliteStore } from './use-temp-sqlite-store.js';

interface LogLine { level: string; obj: object; msg: string | undefined }

/** A logger that keeps what it is given, so tests can assert on the lines. */
function memoryLogger(lines: LogLine[]): Logger {
  const at = (level: string) => (obj: object, msg?: string): void => { lines.push({ level, obj, msg }); };
  const logger: Logger = {
    trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), fatal: at('fatal'),
    child: () => logger,
  };
  return logger;
}

const clock = fixedClock(Date.UTC(2026, 0, 2, 3, 4, 5));
const openStore = useTempSqliteStore(clock);

const CREATED: AuditEntry = {
  event: 'user.created', actor: 'cli:root', subject: 'alice@contoso.com', source: 'cli', outcome: 'success',
  details: { userId: 'u1', hasPassword: true },
};

async function rejection(p: Promise<unknown>): Promise<MfaError> {
  const err: unknown = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(MfaError);
  return err as MfaError;
}

describe('createAuditLog', () => {
  test('record() stores a chained record with the clock time and returns it as stored', async () => {
    const { store } = await openStore();
    const audit = createAuditLog({ store: store.audit, clock, logger: createNullLogger() });
    const first = await audit.record(CREATED);
    clock.advance(1000);
    const second = await audit.record({ event: 'service.started', actor: 'system', source: 'system', outcome: 'success' });

    expect(first).toMatchObject({ seq: 1, ts: Date.UTC(2026, 0, 2, 3, 4, 5), prevHash: GENESIS_HASH, subject: 'alice@contoso.com' });
    expect(first.hash).toBe(hashAuditRecord(1, GENESIS_HASH, first));
    expect(second).toMatchObject({ seq: 2, ts: first.ts + 1000, prevHash: first.hash, subject: null, details: {} });
    expect(second.hash).toBe(hashAuditRecord(2, first.hash, second));
    expect(await store.audit.list(0, 10)).toEqual([first, second]);
    expect(await store.audit.head()).toEqual({ seq: 2, hash: second.hash });
  });

  test('logs one line per record, without details, at the event\'s level (debug for per-sign-in events)', async () => {
    const { store } = await openStore();
    const lines: LogLine[] = [];
    const audit = createAuditLog({ store: store.audit, clock, logger: memoryLogger(lines) });
    await audit.record(CREATED);
    await audit.record({ event: 'user.password_verified', actor: 'user:bob@contoso.com', subject: 'bob@contoso.com', source: '10.1.2.3', outcome: 'failure', details: { reason: 'wrong_password' } });
    expect(lines).toEqual([
      { level: 'info', msg: 'audit', obj: { event: 'user.created', actor: 'cli:root', subject: 'alice@contoso.com', outcome: 'success', seq: 1 } },
      { level: 'debug', msg: 'audit', obj: { event: 'user.password_verified', actor: 'user:bob@contoso.com', subject: 'bob@contoso.com', outcome: 'failure', seq: 2 } },
    ]);
  });

  test('scrubs secret-looking details before hashing and storing, keeping the event\'s safe keys', async () => {
    const { store } = await openStore();
    const audit = createAuditLog({ store: store.audit, clock, logger: createNullLogger() });
    const rec = await audit.record({
      event: 'api_client.created', actor: 'staff:admin@contoso.com', subject: 'radius-gw', source: '2001:db8::1', outcome: 'success',
      details: {
        clientId: 'c1', keyId: 'kid123', networks: ['10.0.0.0/8'],
        apiKey: 'mfa_kid123_s3cr3t', clientSecret: Buffer.from('raw'), hasPassword: false,
        extra: { tokenSerial: 'T-1', seed: 'JBSWY3DPEHPK3PXP', when: 5 }, recoveryCodes: ['1111', '2222'],
      },
    });
    const expected = {
      clientId: 'c1', keyId: 'kid123', networks: ['10.0.0.0/8'],
      apiKey: '[redacted]', clientSecret: '[redacted]', hasPassword: false,
      extra: { tokenSerial: '[redacted]', seed: '[redacted]', when: 5 }, recoveryCodes: ['[redacted]', '[redacted]'],
    };
    expect(rec.details).toEqual(expected);
    const [stored] = await store.audit.list(0, 1);
    expect(stored?.details).toEqual(expected);
    expect(JSON.stringify(stored)).not.toMatch(/s3cr3t|JBSWY3DP|1111/);
    expect(await verifyAuditChain(store.audit)).toEqual({ ok: true, checked: 1, headHash: rec.hash });
  });

  test.each([
    ['an unknown event', { event: 'user.deleted' }, /unknown audit event "user.deleted"/],
    ['an inherited property name', { event: 'toString' }, /unknown audit event/],
    ['an outcome the event does not allow', { event: 'init.completed', outcome: 'failure' }, /outcome "failure" not allowed/],
    ['a malformed actor', { actor: 'root' }, /malformed actor/],
    ['an empty actor id', { actor: 'staff:' }, /malformed actor/],
    ['a malformed source', { source: 'web' }, /malformed source/],
    ['details that are not an object', { details: ['x'] }, /details must be an object/],
    ['details with a non-finite number', { details: { userId: 'u1', n: Infinity } }, /not JSON-like/],
    ['details with a Date', { details: { at: new Date(0) } }, /not JSON-like/],
  ])('rejects %s with ERR_AUDIT and writes nothing', async (_name, patch, message) => {
    const { store } = await openStore();
    const audit = createAuditLog({ store: store.audit, clock, logger: createNullLogger() });
    const err = await rejection(audit.record({ ...CREATED, ...patch } as AuditEntry));
    expect(err.code).toBe('ERR_AUDIT');
    expect(err.message).toMatch(message);
    expect(await store.audit.head()).toBeNull();
  });

  test.each(['10.0.0.1', '::1', '::ffff:192.0.2.7', 'cli', 'system'])('accepts source %s', async (source) => {
    const { store } = await openStore();
    const audit = createAuditLog({ store: store.audit, clock, logger: createNullLogger() });
    expect((await audit.record({ ...CREATED, source })).source).toBe(source);
  });

  test('200 concurrent record() calls over two connections give one unbroken chain of 200', async () => {
    const { store, reopen } = await openStore();
    const other = await reopen();
    const logs = [store, other].map((s) => createAuditLog({ store: s.audit, clock, logger: createNullLogger() }));
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        logs[i % 2]!.record({ event: 'user.password_verified', actor: `user:u${i}@contoso.com`, subject: `u${i}@contoso.com`, source: '192.0.2.1', outcome: 'success', details: { i } })),
    );
    expect(results.map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const stored = await store.audit.list(0, 1000);
    expect(stored).toHaveLength(200);
    expect(new Set(stored.map((r) => r.details.i)).size).toBe(200);
    const progress: number[] = [];
    expect(await verifyAuditChain(other.audit, { batchSize: 64, onProgress: (n) => progress.push(n) }))
      .toEqual({ ok: true, checked: 200, headHash: stored[199]!.hash });
    expect(progress).toEqual([64, 128, 192, 200]);
  });
});

describe('the SQLite audit_log table', () => {
  test('rejects UPDATE and DELETE through a raw connection, leaving the chain intact', async () => {
    const { store, raw } = await openStore();
    const audit = createAuditLog({ store: store.audit, clock, logger: createNullLogger() });
    await audit.record(CREATED);
    await audit.record({ ...CREATED, subject: 'bob@contoso.com' });
    const db = raw();
    expect(() => db.prepare("UPDATE audit_log SET actor = 'cli:mallory' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect((await store.audit.list(0, 10)).map((r) => r.actor)).toEqual(['cli:root', 'cli:root']);
    expect(await verifyAuditChain(store.audit)).toMatchObject({ ok: true, checked: 2 });
  });
});
