// SPDX-License-Identifier: UNLICENSED
import { describe, expect, it } from 'vitest';
import { OathCardEmulator } from '../../../drivers/emulator/oath-card-emulator.js';
import { Token2TokenEmulator } from '../../../drivers/emulator/token2-token-emulator.js';
import type { ConsoleEvent } from '../../../agent/helpdesk/console-event.js';
import { OTHER_READER, READER, UnknownCard, until, useConsoleWorld } from './console-world.js';

const world = useConsoleWorld();
const types = (events: readonly ConsoleEvent[]) => events.map((e) => e.body.type);

function collect(w: Awaited<ReturnType<typeof world>>, id: string, after = 0) {
  const seen: (ConsoleEvent | null)[] = [];
  const off = w.console.subscribe(id, after, (e) => seen.push(e));
  return { seen, off, closed: () => seen.at(-1) === null };
}

describe('createProgramConsole', () => {
  it('runs a job for a user to the end: numbered history, progress folded to done, the token active, the reader free again', async () => {
    const w = await world();
    const started = await w.console.start({ reader: READER, upn: 'alice@contoso.com', bulk: false, staff: w.staff.helpdesk, source: '10.0.0.7' });
    if (!started.ok) throw new Error(started.reason);
    const id = started.job.id;
    expect(started.job).toMatchObject({ reader: READER, upn: 'alice@contoso.com', bulk: false, startedBy: w.staff.helpdesk, finishedAt: null });
    expect((await w.console.readers()).find((r) => r.name === READER)).toEqual({ name: READER, hasCard: false, runningJobId: id });
    const live = collect(w, id);
    await until(() => w.console.get(id)?.progress.phase === 'waiting', 'waiting');
    w.readers.insert(READER, new OathCardEmulator());
    await until(live.closed, 'the job to finish');
    const events = live.seen.filter((e): e is ConsoleEvent => e !== null);
    expect(types(events)).toEqual(['waiting', 'detected', 'writing', 'verifying', 'done', 'finished']);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(events.at(-1)?.body).toMatchObject({ type: 'finished', outcome: 'done', programmed: 1, failed: 0 });
    const job = w.console.get(id);
    const serial = job?.progress.result?.serial ?? '';
    expect(job).toMatchObject({ lastSeq: 6, finishedAt: w.clock.now(), progress: { phase: 'done', outcome: 'done', token: { kind: 'ykoath' }, result: { state: 'active', userUpn: 'alice@contoso.com' } } });
    const alice = await w.services.store.users.getByUpn('alice@contoso.com');
    expect(await w.services.store.tokens.getBySerial(serial)).toMatchObject({ state: 'active', userId: alice?.id });
    const [audit] = await w.services.store.audit.recent(1, { event: 'token.programmed' });
    expect(audit).toMatchObject({ actor: 'staff:helpdesk@contoso.com', source: '10.0.0.7', outcome: 'success', details: { reader: READER } });
    expect((await w.console.readers()).find((r) => r.name === READER)?.runningJobId).toBeNull();
  });

  it('replays the history after a given seq to a late subscriber, then live events, then null', async () => {
    const w = await world();
    const started = await w.console.start({ reader: READER, upn: null, bulk: false, staff: w.staff.helpdesk, source: '10.0.0.7' });
    if (!started.ok) throw new Error(started.reason);
    const id = started.job.id;
    await until(() => (w.console.get(id)?.lastSeq ?? 0) >= 1, 'waiting');
    const card = new Token2TokenEmulator({ model: 'miniOTP-2-i', clock: () => w.clock.now() });
    w.readers.insert(READER, card);
    await until(() => w.console.get(id)?.progress.phase === 'enter_code', 'enter_code');
    const late = collect(w, id, 2);
    expect(types(late.seen as ConsoleEvent[])).toEqual(['writing', 'enter_code']);
    expect(await w.console.submitCode(id, card.displayCode() ?? '', w.staff.helpdesk)).toEqual({ accepted: true });
    await until(late.closed, 'the job to finish');
    expect(late.seen.map((e) => e?.seq ?? null)).toEqual([3, 4, 5, 6, 7, null]);
    expect(types(late.seen.slice(0, -1) as ConsoleEvent[])).toEqual(['writing', 'enter_code', 'verifying', 'done', 'finished']);
    // After the end, a subscriber gets the rest of the history and null at once.
    const after = collect(w, id, 5);
    expect(after.seen.map((e) => e?.body.type ?? null)).toEqual(['done', 'finished', null]);
    expect(await w.services.store.tokens.getBySerial(card.serial)).toMatchObject({ state: 'programmed', userId: null });
  });

  it('records a refused code with the tries left; only the starter or an admin may enter codes or cancel', async () => {
    const w = await world();
    const started = await w.console.start({ reader: READER, upn: 'bob@contoso.com', bulk: false, staff: w.staff.helpdesk, source: '10.0.0.7' });
    if (!started.ok) throw new Error(started.reason);
    const id = started.job.id;
    const card = new Token2TokenEmulator({ model: 'C302-i', clock: () => w.clock.now() });
    w.readers.insert(READER, card);
    await until(() => w.console.get(id)?.progress.phase === 'enter_code', 'enter_code');
    expect(await w.console.submitCode(id, card.displayCode() ?? '', w.staff.other)).toEqual({ ok: false, reason: 'forbidden' });
    expect(await w.console.cancel(id, w.staff.other)).toEqual({ ok: false, reason: 'forbidden' });
    const near = [-30_000, 0, 30_000].map((d) => card.displayCode(w.clock.now() + d));
    const wrong = ['123456', '654321', '111111'].find((c) => !near.includes(c)) ?? '';
    expect(await w.console.submitCode(id, wrong, w.staff.helpdesk)).toEqual({ accepted: false, reason: 'wrong_code', attemptsLeft: 2 });
    await until(() => w.console.get(id)?.progress.code?.attemptsLeft === 2, 'the next enter_code');
    expect(w.console.get(id)?.progress).toMatchObject({ phase: 'enter_code', codeRejected: { reason: 'wrong_code', attemptsLeft: 2 }, code: { attemptsLeft: 2, digits: 6 } });
    expect(await w.console.submitCode(id, card.displayCode() ?? '', w.staff.admin)).toEqual({ accepted: true });
    await until(() => w.console.get(id)?.finishedAt !== null, 'the job to finish');
    expect(w.console.get(id)?.progress).toMatchObject({ phase: 'done', outcome: 'done', result: { userUpn: 'bob@contoso.com', state: 'active' } });
    expect(await w.console.submitCode(id, '123456', w.staff.helpdesk)).toEqual({ ok: false, reason: 'finished' });
    expect(await w.console.submitCode('no-such-job', '123456', w.staff.admin)).toEqual({ ok: false, reason: 'not_found' });
  });

  it('allows one running job per reader; cancelling frees it and ends the job as canceled', async () => {
    const w = await world();
    const first = await w.console.start({ reader: READER, upn: null, bulk: false, staff: w.staff.helpdesk, source: '10.0.0.7' });
    if (!first.ok) throw new Error(first.reason);
    expect(await w.console.start({ reader: READER, upn: null, bulk: false, staff: w.staff.admin, source: '10.0.0.8' }))
      .toEqual({ ok: false, reason: 'reader_busy', runningJobId: first.job.id });
    const other = await w.console.start({ reader: OTHER_READER, upn: null, bulk: false, staff: w.staff.admin, source: '10.0.0.8' });
    expect(other.ok).toBe(true);
    await until(() => w.console.get(first.job.id)?.progress.phase === 'waiting', 'waiting');
    expect(await w.console.cancel(first.job.id, w.staff.helpdesk, { waitMs: 2000 })).toEqual({ ok: true });
    const job = w.console.get(first.job.id);
    expect(job?.progress).toMatchObject({ phase: 'failed', outcome: 'canceled', failure: { reason: 'ERR_CANCELED', step: 'wait' } });
    const events: ConsoleEvent[] = [];
    w.console.subscribe(first.job.id, 0, (e) => e && events.push(e));
    expect(types(events)).toEqual(['waiting', 'failed', 'finished']);
    expect(events.at(-1)?.body).toMatchObject({ outcome: 'canceled', programmed: 0, failed: 1 });
    expect((await w.console.start({ reader: READER, upn: null, bulk: false, staff: w.staff.admin, source: '10.0.0.8' })).ok).toBe(true);
    expect(w.console.list().map((j) => [j.reader, j.finishedAt === null])).toEqual([[READER, true], [OTHER_READER, true], [READER, false]]);
    expect(w.console.list()[0]?.startedBy).toEqual(w.staff.admin);
    await w.console.close();
    expect(w.console.list().every((j) => j.finishedAt !== null)).toBe(true);
  });

  it('fails with the driver reason and hint for an unknown card, and refuses unknown readers and bulk with a user', async () => {
    const w = await world();
    expect(await w.console.start({ reader: 'No Such Reader', upn: null, bulk: false, staff: w.staff.helpdesk, source: '10.0.0.7' }))
      .toEqual({ ok: false, reason: 'unknown_reader' });
    expect(await w.console.start({ reader: READER, upn: 'alice@contoso.com', bulk: true, staff: w.staff.helpdesk, source: '10.0.0.7' }))
      .toEqual({ ok: false, reason: 'bulk_needs_stock' });
    w.readers.insert(READER, new UnknownCard());
    const started = await w.console.start({ reader: READER, upn: null, bulk: false, staff: w.staff.helpdesk, source: '10.0.0.7' });
    if (!started.ok) throw new Error(started.reason);
    await until(() => w.console.get(started.job.id)?.finishedAt !== null, 'the job to finish');
    expect(w.console.get(started.job.id)?.progress).toMatchObject({
      phase: 'failed', outcome: 'failed',
      failure: { code: 'ERR_DEVICE', reason: 'ERR_UNKNOWN_CARD', step: 'detect', hint: expect.stringMatching(/^Unknown model/) },
    });
  });

  it('forgets finished jobs after retainMs (and beyond maxFinishedJobs), never running ones', async () => {
    const w = await world({ retainMs: 60_000, maxFinishedJobs: 1 });
    const ids: string[] = [];
    for (const reader of [READER, OTHER_READER]) {
      const s = await w.console.start({ reader, upn: null, bulk: false, staff: w.staff.helpdesk, source: '10.0.0.7' });
      if (!s.ok) throw new Error(s.reason);
      ids.push(s.job.id);
    }
    const [a = '', b = ''] = ids;
    await w.console.cancel(a, w.staff.helpdesk, { waitMs: 2000 });
    w.clock.advance(1000);
    expect(w.console.get(a)?.progress.outcome).toBe('canceled');
    await w.console.cancel(b, w.staff.helpdesk, { waitMs: 2000 });
    expect(w.console.get(a)).toBeNull();
    expect(w.console.get(b)?.progress.outcome).toBe('canceled');
    const running = await w.console.start({ reader: READER, upn: null, bulk: false, staff: w.staff.helpdesk, source: '10.0.0.7' });
    if (!running.ok) throw new Error(running.reason);
    w.clock.advance(60_001);
    expect(w.console.get(b)).toBeNull();
    expect(w.console.subscribe(b, 0, () => undefined)).toBeNull();
    expect(w.console.get(running.job.id)?.finishedAt).toBeNull();
    await w.console.close();
  });

  it('runs a bulk job into stock: one token after another with counts, each waiting for removal, until stopped', async () => {
    const w = await world();
    const started = await w.console.start({ reader: READER, upn: null, bulk: true, staff: w.staff.helpdesk, source: '10.0.0.7' });
    if (!started.ok) throw new Error(started.reason);
    const id = started.job.id;
    const phase = () => w.console.get(id)?.progress.phase;
    await until(() => phase() === 'waiting', 'waiting');
    w.readers.insert(READER, new OathCardEmulator());
    await until(() => phase() === 'remove_token', 'remove_token 1');
    expect(w.console.get(id)?.progress.bulk).toMatchObject({ programmed: 1, failed: 0 });
    w.readers.remove(READER);
    await until(() => phase() === 'waiting', 'waiting 2');
    w.readers.insert(READER, new UnknownCard());
    await until(() => phase() === 'remove_token', 'remove_token 2');
    w.readers.remove(READER);
    await until(() => phase() === 'waiting', 'waiting 3');
    expect(await w.console.cancel(id, w.staff.helpdesk, { waitMs: 2000 })).toEqual({ ok: true });
    const job = w.console.get(id);
    expect(job?.progress).toMatchObject({ outcome: 'done', bulk: { programmed: 1, failed: 1, failures: [{ code: 'ERR_DEVICE', hint: expect.stringMatching(/^Unknown model/) }] } });
    const events: ConsoleEvent[] = [];
    w.console.subscribe(id, 0, (e) => e && events.push(e));
    expect(types(events).slice(-2)).toEqual(['bulk_done', 'finished']);
    expect(events.at(-1)?.body).toMatchObject({ outcome: 'done', programmed: 1, failed: 1 });
    expect(types(events).filter((t) => t === 'progress')).toHaveLength(3);
  });
});
