// SPDX-License-Identifier: UNLICENSED
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Actor } from '../actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import { MfaError } from '../errors.js';
import { createNetworkMatcher, type NetworkMatcher } from '../net/network-matcher.js';
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';
import type { ApiClientRecord, ApiClientStore } from '../store/store.js';

/** A client as shown to operators: never the key hash. */
export type ApiClientView = Omit<ApiClientRecord, 'keyHash'>;

export type ApiClientCheck =
  | { ok: true; client: ApiClientView }
  | { ok: false; reason: 'malformed' | 'unknown_key' | 'wrong_key' | 'revoked' | 'network_not_allowed'; client: ApiClientView | null };

export interface ApiClientDirectory {
  /** Returns the key once; only its SHA-256 is stored. */
  add(input: { name: string; networks?: string[] }, actor: Actor): Promise<{ client: ApiClientView; key: string }>;
  list(): Promise<ApiClientView[]>;
  /** Throws `ERR_NOT_FOUND`; returns false when it was already revoked. */
  revoke(name: string, actor: Actor): Promise<boolean>;
  /**
   * Checks a presented key and the caller's address. Every failure is audited; a success is audited unless
   * `auditSuccess` is false, for callers whose own audit record of the call names the client (the verify API).
   * `lastUsedAt` moves at most once a minute.
   */
  authenticate(presented: string, sourceIp: string, options?: { auditSuccess?: boolean }): Promise<ApiClientCheck>;
}

export interface ApiClientDirectoryDeps {
  apiClients: ApiClientStore;
  audit: AuditLog;
  clock: Clock;
  random: Random;
}

/** Key layout: `mfa_` ‖ kid (16 hex, public lookup id) ‖ `_` ‖ secret (43 base64url chars = 256 bits). */
const KEY = /^mfa_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** Granularity of `lastUsedAt`: one write a minute per client, not one per call. */
const TOUCH_EVERY_MS = 60_000;

const sha256 = (s: string): Buffer => createHash('sha256').update(s).digest();
const view = ({ keyHash: _k, ...rest }: ApiClientRecord): ApiClientView => rest;

export function createApiClientDirectory(deps: ApiClientDirectoryDeps): ApiClientDirectory {
  const { apiClients, audit, clock, random } = deps;
  /** Network matchers by client network list: built once, not on every call (a client's list never changes). */
  const matchers = new Map<string, NetworkMatcher>();
  const matcherFor = (networks: string[]): NetworkMatcher => {
    const key = networks.join(',');
    let m = matchers.get(key);
    if (!m) matchers.set(key, (m = createNetworkMatcher(networks)));
    return m;
  };
  return {
    async add(input, actor) {
      const name = input.name.trim();
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) {
        throw new MfaError('ERR_INVALID_INPUT', 'client name must be 1 to 64 characters of A-Z a-z 0-9 . _ - starting with a letter or digit', {
          data: { field: 'name' },
        });
      }
      const networks = createNetworkMatcher(input.networks ?? []).networks.slice();
      const keyId = random.bytes(8).toString('hex');
      const key = `mfa_${keyId}_${random.bytes(32).toString('base64url')}`;
      const record: ApiClientRecord = {
        id: random.uuid(), name, keyId, keyHash: sha256(key).toString('hex'), networks,
        enabled: true, createdAt: clock.now(), revokedAt: null, lastUsedAt: null,
      };
      await apiClients.create(record);
      await audit.record({
        event: 'api_client.created', actor: actor.id, source: actor.source, subject: name, outcome: 'success',
        details: { clientId: record.id, keyId, networks },
      });
      return { client: view(record), key };
    },
    async list() {
      return (await apiClients.list()).map(view);
    },
    async revoke(name, actor) {
      const c = await apiClients.getByName(name);
      if (!c) throw new MfaError('ERR_NOT_FOUND', `no API client ${JSON.stringify(name)}`, { data: { client: name } });
      const done = await apiClients.revoke(c.id, clock.now());
      if (done) {
        await audit.record({
          event: 'api_client.revoked', actor: actor.id, source: actor.source, subject: c.name, outcome: 'success',
          details: { clientId: c.id, keyId: c.keyId },
        });
      }
      return done;
    },
    async authenticate(presented, sourceIp, options = {}) {
      const m = KEY.exec(presented);
      const c = m?.[1] ? await apiClients.getByKeyId(m[1]) : null;
      let result: ApiClientCheck;
      if (!m) result = { ok: false, reason: 'malformed', client: null };
      else if (!c) result = { ok: false, reason: 'unknown_key', client: null };
      else if (!timingSafeEqual(sha256(presented), Buffer.from(c.keyHash, 'hex'))) result = { ok: false, reason: 'wrong_key', client: view(c) };
      else if (!c.enabled || c.revokedAt !== null) result = { ok: false, reason: 'revoked', client: view(c) };
      else if (c.networks.length > 0 && !matcherFor(c.networks).contains(sourceIp)) {
        result = { ok: false, reason: 'network_not_allowed', client: view(c) };
      } else result = { ok: true, client: view(c) };
      const now = clock.now();
      if (result.ok && c && (c.lastUsedAt === null || now - c.lastUsedAt >= TOUCH_EVERY_MS)) await apiClients.touch(c.id, now);
      if (result.ok && options.auditSuccess === false) return result;
      await audit.record({
        event: 'api_client.authenticated',
        actor: c ? `api:${c.name}` : 'api:unknown',
        source: sourceIp,
        subject: c?.name ?? null,
        outcome: result.ok ? 'success' : result.reason === 'network_not_allowed' ? 'denied' : 'failure',
        details: { ...(c ? { clientId: c.id } : {}), ...(m?.[1] ? { keyId: m[1] } : {}), ...(result.ok ? {} : { reason: result.reason }) },
      });
      return result;
    },
  };
}
