// SPDX-License-Identifier: UNLICENSED
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach } from 'vitest';
import { createNetworkMatcher } from '../../agent/net/network-matcher.js';
import { createNullLogger } from '../../agent/log/logger.js';
import { createSystemRandom } from '../../agent/ports/random.js';
import { createWebSessions, type WebSessions } from '../../agent/signin/create-web-sessions.js';
import type { StaffRole } from '../../agent/store/store.js';
import { COOKIES } from '../../web/http/cookies.js';
import { clientAddress } from '../../web/middleware/client-address.js';
import { errorHandler, notFound } from '../../web/middleware/error-handler.js';
import { helpdeskRoutes } from '../../web/routes/helpdesk.js';
import type { HelpdeskDeps } from '../../web/routes/helpdesk-deps.js';
import { useConsoleWorld, type ConsoleWorld } from '../agent/helpdesk/console-world.js';

export const IDLE_MS = 15 * 60_000;

export interface HelpdeskWorld extends ConsoleWorld {
  url: string;
  sessions: WebSessions;
  /** A staff session for `upn` (role as recorded in the session), as the sign-in flow would create it. */
  signIn(upn: string, role?: StaffRole): Promise<{ cookie: string; token: string; csrf: string }>;
}

/**
 * The console world (real services, emulated readers, real programmer and console) behind an express app that
 * mounts only `helpdeskRoutes` with the app's own client-address and error middleware, listening on loopback.
 */
export function useHelpdeskWorld(): (over?: Partial<HelpdeskDeps>) => Promise<HelpdeskWorld> {
  const world = useConsoleWorld();
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });
  return async (over = {}) => {
    const w = await world();
    const logger = createNullLogger();
    const sessions = createWebSessions({ sessions: w.services.store.sessions, clock: w.clock, random: createSystemRandom() });
    const app = express();
    app.use(clientAddress(createNetworkMatcher([])));
    app.use(helpdeskRoutes({
      sessions, idleMs: IDLE_MS, console: w.console, users: w.services.directory.users,
      roleOf: (id) => w.services.directory.staff.roleOf(id), audit: w.services.audit,
      publicOrigins: ['https://mfa.contoso.com'], logger, options: { heartbeatMs: 50 }, ...over,
    }));
    app.use(notFound);
    app.use(errorHandler(logger));
    const server = app.listen(0, '127.0.0.1');
    servers.push(server);
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
      ...w, url, sessions,
      async signIn(upn, role) {
        const user = await w.services.directory.users.get(upn);
        const recorded = role ?? (await w.services.directory.staff.roleOf(user.id)) ?? 'helpdesk';
        const now = w.clock.now();
        const { token, session } = await sessions.create({ kind: 'staff', userId: user.id, authAt: now, mfaAt: now, data: { role: recorded }, ttlMs: 8 * 3_600_000 });
        return { cookie: `${COOKIES.staff}=${token}`, token, csrf: session.csrf };
      },
    };
  };
}

/** One Server-Sent Events frame: a comment, or an event with its id and JSON data. */
export type SseFrame = { comment: string } | { id: string; data: Record<string, unknown> & { seq: number; type: string; state: Record<string, unknown> } };

export interface SseResponse {
  status: number;
  headers: Headers;
  frames: SseFrame[];
  /** True when the server ended the response (rather than `stopWhen`). */
  ended: boolean;
}

/**
 * Reads an event stream until the server ends it, `stopWhen` holds for the frames so far, or `timeoutMs` passes.
 * Frames are separated by a blank line (WHATWG HTML §9.2.6); the `retry:` frame is dropped.
 */
export async function readEventStream(
  url: string, headers: Record<string, string>, stopWhen: (frames: SseFrame[]) => boolean = () => false, timeoutMs = 8000,
): Promise<SseResponse> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const res = await fetch(url, { headers, signal: abort.signal });
  const frames: SseFrame[] = [];
  let ended = false;
  if (res.body && res.status === 200) {
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffered = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          ended = true;
          break;
        }
        buffered += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffered.indexOf('\n\n')) >= 0) {
          const block = buffered.slice(0, cut);
          buffered = buffered.slice(cut + 2);
          const frame = parseFrame(block);
          if (frame) frames.push(frame);
        }
        if (stopWhen(frames)) break;
      }
    } catch (err) {
      if (!abort.signal.aborted) throw err;
    } finally {
      abort.abort();
    }
  }
  clearTimeout(timer);
  return { status: res.status, headers: res.headers, frames, ended };
}

function parseFrame(block: string): SseFrame | null {
  if (block.startsWith(':')) return { comment: block.slice(1).trim() };
  const lines = block.split('\n');
  const id = lines.find((l) => l.startsWith('id: '))?.slice(4);
  const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
  if (id === undefined) return null;
  return { id, data: JSON.parse(data) as Extract<SseFrame, { id: string }>['data'] };
}

export function events(frames: SseFrame[]): Extract<SseFrame, { id: string }>[] {
  return frames.filter((f): f is Extract<SseFrame, { id: string }> => 'id' in f);
}
