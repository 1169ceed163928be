// SPDX-License-Identifier: UNLICENSED
import type { RequestHandler } from 'express';
import type { ProgramConsole } from '../../agent/helpdesk/create-program-console.js';
import { applyEvent, initialProgress } from '../../agent/helpdesk/job-progress.js';
import type { Logger } from '../../agent/log/logger.js';
import { describeJobState } from '../views/helpdesk-job-state.js';

/** Reconnection delay the browser is told to use (the SSE `retry:` field), in ms. */
const RETRY_MS = 2000;

/** The `Last-Event-ID` header (a reconnecting EventSource), else `?after=` (the page's first connection), else 0. */
export function lastEventId(header: string | undefined, query: unknown): number {
  for (const v of [header, query]) {
    if (typeof v === 'string' && /^\d{1,9}$/.test(v.trim())) return Number(v.trim());
  }
  return 0;
}

/**
 * `GET …/jobs/:id/events`: the job's events as Server-Sent Events (`text/event-stream`, WHATWG HTML §9.2).
 * Each event is `id: <seq>` and one `data:` line of JSON `{ seq, type, at, event, state }` (`state` is what the page
 * shows after it, `describeJobState`); history after `Last-Event-ID` first, then live events; a comment line every
 * `heartbeatMs`; the response ends after the job's `finished` event. A client reconnecting after the end gets 204,
 * which tells EventSource to stop. Unknown job: 404 JSON. Never cached.
 */
export function jobEventStream(console: ProgramConsole, heartbeatMs: number, logger: Logger): RequestHandler {
  return (req, res) => {
    const id = String(req.params.id);
    const job = console.get(id);
    if (!job) {
      res.status(404).type('application/json').send(JSON.stringify({ code: 'ERR_NOT_FOUND', message: 'no such job' }));
      return;
    }
    const after = lastEventId(req.get('last-event-id'), req.query.after);
    if (job.finishedAt !== null && after >= job.lastSeq) {
      res.status(204).end();
      return;
    }
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    req.socket.setNoDelay(true);
    res.write(`retry: ${RETRY_MS}\n\n`);

    let progress = initialProgress(job.reader, job.bulk);
    let ended = false;
    let unsubscribe: (() => void) | null = null;
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), heartbeatMs);
    const end = (): void => {
      if (ended) return;
      ended = true;
      clearInterval(heartbeat);
      unsubscribe?.();
      if (!res.writableEnded) res.end();
    };
    res.on('close', end);
    unsubscribe = console.subscribe(id, 0, (e) => {
      if (ended) return;
      if (e === null) return end();
      progress = applyEvent(progress, e.body);
      if (e.seq <= after) return;
      const data = { seq: e.seq, type: e.body.type, at: e.body.at, event: e.body, state: describeJobState(progress, job) };
      res.write(`id: ${e.seq}\ndata: ${JSON.stringify(data)}\n\n`);
    });
    if (unsubscribe === null) end();
    else if (ended) unsubscribe();
    logger.debug({ jobId: id, after }, 'job event stream opened');
  };
}
