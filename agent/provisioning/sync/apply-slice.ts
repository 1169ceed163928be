// SPDX-License-Identifier: UNLICENSED
import type { MfaError } from '../../errors.js';
import type { Clock } from '../../ports/clock.js';
import type { Random } from '../../ports/random.js';
import type { GraphLinkRecord, JournalEntry } from '../../store/store.js';
import type { BatchRequest, BatchResult, GraphClient } from '../graph/graph-client.js';
import { odataEquals } from '../graph/odata-equals.js';
import type { GraphUser } from '../graph/user-operations.js';
import { clearAppliedHash } from './applied-hash.js';
import { batchGet } from './batch-get.js';
import type { EntryOutcome } from './entry-outcome.js';
import { entryRequest } from './entry-request.js';
import { failureResult, isObjectConflict } from './graph-failure.js';

/** Reference §4.4: at most 20 references per `members@odata.bind` PATCH. */
const MAX_BIND = 20;
const ALREADY_MEMBER = /already exist/i;
/** Answers that mean "already as wanted" for idempotent retries of deletes and member changes. */
const GONE_IS_DONE = new Set(['delete_user', 'purge_deleted', 'remove_member']);

export interface ApplyContext {
  graph: GraphClient;
  random: Random;
  clock: Clock;
  /** `graph.baseUrl`, for member references. */
  baseUrl: string;
  /** Links by local user id; updated as outcomes are decided. */
  links: Map<string, GraphLinkRecord>;
  /** Users with a failed entry in this run: their later successes keep a cleared hash. */
  failedUsers: Set<string>;
  /** The entries may have been attempted before (a resumed run): creates look the user up first. */
  resumed: boolean;
}

/**
 * Applies a slice of journal entries (in seq order, one phase of the plan) through JSON batches and
 * returns one outcome per entry, in seq order. Idempotent: a create whose user already exists with its
 * immutable id (landed before a crash, or a timed-out POST that landed) links to it instead of creating
 * again; deletes of what is gone, and member adds that are already there, count as done. Failures are
 * outcomes; only a fault of the batch transport itself (auth, throttling of the `$batch` POST) throws.
 */
export async function applySlice(entries: readonly JournalEntry[], ctx: ApplyContext): Promise<EntryOutcome[]> {
  const out = new Map<number, EntryOutcome>();
  const now = (): number => ctx.clock.now();
  const entraOf = (e: JournalEntry): string | undefined => (e.payload.entraId as string | undefined) ?? ctx.links.get(e.subject)?.entraId;

  const succeed = (e: JournalEntry, result: Record<string, unknown>, entraId?: string): void => {
    const p = e.payload;
    let link: GraphLinkRecord | undefined;
    let unlink: string | undefined;
    const id = (entraId ?? (e.kind === 'restore_deleted' ? String(p.deletedId) : entraOf(e)))?.toLowerCase();
    const previous = ctx.links.get(e.subject);
    if (typeof p.hash === 'string' && id !== undefined) {
      const appliedHash = ctx.failedUsers.has(e.subject) ? clearAppliedHash(p.hash) : p.hash;
      link = { userId: e.subject, entraId: id, state: p.state as GraphLinkRecord['state'], appliedHash, updatedAt: now() };
    } else if (e.kind === 'delete_user' && previous !== undefined) {
      link = { ...previous, state: 'deleted', updatedAt: now() };
    } else if ((e.kind === 'unlink_user' || e.kind === 'purge_deleted') && previous !== undefined && previous.entraId === String(p.entraId ?? p.deletedId)) {
      unlink = e.subject;
    }
    if (link !== undefined) ctx.links.set(e.subject, link);
    if (unlink !== undefined) ctx.links.delete(unlink);
    out.set(e.seq, { entry: e, status: 'done', result: { ...(id === undefined ? {} : { entraId: id }), ...result }, ...(link ? { link } : {}), ...(unlink ? { unlink } : {}) });
  };
  const fail = (e: JournalEntry, error: MfaError): void => {
    let link: GraphLinkRecord | undefined;
    if (e.kind !== 'add_member' && e.kind !== 'remove_member') {
      ctx.failedUsers.add(e.subject);
      const previous = ctx.links.get(e.subject);
      if (previous !== undefined) link = { ...previous, appliedHash: clearAppliedHash(previous.appliedHash), updatedAt: now() };
      if (link !== undefined) ctx.links.set(e.subject, link);
    }
    out.set(e.seq, { entry: e, status: 'failed', result: failureResult(error), error, ...(link ? { link } : {}) });
  };
  const skip = (e: JournalEntry, reason: string): void => {
    out.set(e.seq, { entry: e, status: 'skipped', result: { reason } });
  };

  for (const e of entries) if (e.kind === 'link_user' || e.kind === 'unlink_user') succeed(e, { reason: e.payload.reason });
  const creates = entries.filter((e) => e.kind === 'create_user');
  if (ctx.resumed) await linkExisting(creates, { recovered: 'found before create' });

  const requests: BatchRequest[] = [];
  const owners = new Map<string, JournalEntry[]>();
  const createdHere = new Map<string, string>();
  const members = new Map<string, Array<{ e: JournalEntry; id: string }>>();
  for (const e of entries) {
    if (out.has(e.seq)) continue;
    if (e.kind === 'create_user') createdHere.set(e.subject, `e${e.seq}`);
    const target = e.kind === 'create_user' || e.kind === 'restore_deleted' || e.kind === 'purge_deleted' ? null : entraOf(e);
    const viaCreate = target === undefined ? createdHere.get(e.subject) : undefined;
    if (target === undefined && (viaCreate === undefined || e.kind !== 'assign_license')) {
      skip(e, 'the user does not exist in Entra (its create failed or is pending)');
      continue;
    }
    if (e.kind === 'add_member') {
      const list = members.get(String(e.payload.groupId)) ?? [];
      list.push({ e, id: target ?? '' });
      members.set(String(e.payload.groupId), list);
      continue;
    }
    const req = entryRequest(e, viaCreate === undefined ? (target ?? null) : String(e.payload.upn), ctx.random, viaCreate);
    if (req === null) continue;
    requests.push(req);
    owners.set(req.id, [e]);
  }
  for (const [groupId, list] of members) {
    for (let i = 0; i < list.length; i += MAX_BIND) {
      const chunk = list.slice(i, i + MAX_BIND);
      const id = `m${chunk[0]?.e.seq ?? i}`;
      requests.push({ id, method: 'PATCH', path: `/groups/${encodeURIComponent(groupId)}`, body: { 'members@odata.bind': chunk.map((m) => memberRef(ctx.baseUrl, m.id)) } });
      owners.set(id, chunk.map((m) => m.e));
    }
  }

  const conflicts: Array<{ e: JournalEntry; error: MfaError }> = [];
  const waiting: JournalEntry[] = [];
  const singles: JournalEntry[] = [];
  for (const r of await ctx.graph.batch(requests)) {
    const es = owners.get(r.id) ?? [];
    const e = es[0];
    if (e === undefined) continue;
    if (r.error === null) es.forEach((x) => succeed(x, {}, e.kind === 'create_user' ? String((r.body as GraphUser).id) : undefined));
    else if (e.kind === 'add_member') singles.push(...es);
    else if (tolerated(e, r)) succeed(e, { already: true });
    else if (e.kind === 'create_user' && isObjectConflict(r.error)) conflicts.push({ e, error: r.error });
    else if (r.status === 424) waiting.push(e);
    else fail(e, r.error);
  }
  if (conflicts.length > 0) {
    await linkExisting(conflicts.map((c) => c.e), { recovered: 'created earlier (conflict on create)' });
    for (const c of conflicts) if (!out.has(c.e.seq)) fail(c.e, c.error);
  }
  const retry: BatchRequest[] = [];
  for (const e of waiting) {
    const target = entraOf(e);
    const req = target === undefined ? null : entryRequest(e, target, ctx.random);
    if (req === null) skip(e, 'the user\'s create failed');
    else {
      retry.push(req);
      owners.set(req.id, [e]);
    }
  }
  for (const e of singles) {
    const id = `s${e.seq}`;
    retry.push({ id, method: 'POST', path: `/groups/${encodeURIComponent(String(e.payload.groupId))}/members/$ref`, body: { '@odata.id': memberRef(ctx.baseUrl, entraOf(e) ?? '') } });
    owners.set(id, [e]);
  }
  for (const r of await ctx.graph.batch(retry)) {
    const e = owners.get(r.id)?.[0];
    if (e === undefined) continue;
    if (r.error === null || tolerated(e, r)) succeed(e, {});
    else fail(e, r.error);
  }
  return entries.map((e) => out.get(e.seq) ?? { entry: e, status: 'skipped', result: { reason: 'not applicable' } });

  /** Links creates whose user already exists (found by immutable id) instead of creating it. */
  async function linkExisting(list: readonly JournalEntry[], result: Record<string, unknown>): Promise<void> {
    const anchors = list.map((e) => String((e.payload.user as { onPremisesImmutableId?: string }).onPremisesImmutableId ?? ''));
    const found = await batchGet<{ value?: GraphUser[] }>(ctx.graph, anchors.map((a) => `/users?$filter=${odataEquals('onPremisesImmutableId', a)}&$select=id`));
    found.forEach((hit, i) => {
      const e = list[i];
      const id = hit?.value?.[0]?.id;
      if (e !== undefined && id !== undefined) succeed(e, result, id);
    });
  }
}

function tolerated(e: JournalEntry, r: BatchResult): boolean {
  if (GONE_IS_DONE.has(e.kind) && r.status === 404) return true;
  return e.kind === 'add_member' && r.status === 400 && ALREADY_MEMBER.test(String(r.error?.data.message ?? ''));
}

function memberRef(baseUrl: string, id: string): string {
  return `${baseUrl.replace(/\/$/, '')}/v1.0/directoryObjects/${encodeURIComponent(id)}`;
}
