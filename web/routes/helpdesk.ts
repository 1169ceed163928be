// SPDX-License-Identifier: UNLICENSED
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { StartJobInput } from '../../agent/helpdesk/create-program-console.js';
import { canControlJob, rolesWith, type HelpdeskPermission } from '../../agent/helpdesk/helpdesk-access.js';
import { MfaError } from '../../agent/errors.js';
import { normalizeIp } from '../../agent/net/normalize-ip.js';
import { COOKIES, clearCookie, readCookie } from '../http/cookies.js';
import { pageSecurityHeaders } from '../middleware/page-security-headers.js';
import { requireStaff, staffOf } from '../middleware/require-staff.js';
import { formTokenMatches, sameOriginForms } from '../middleware/same-origin-forms.js';
import { helpdeskHeader } from '../views/helpdesk-header.js';
import { helpdeskHomePage } from '../views/helpdesk-home-page.js';
import { helpdeskJobPage, jobPath } from '../views/helpdesk-job-page.js';
import { helpdeskMessagePage } from '../views/helpdesk-message-page.js';
import { EMPTY_PROGRAM_FORM, helpdeskProgramPage, type ProgramFormValues, type ProgramPageOptions } from '../views/helpdesk-program-page.js';
import type { SafeHtml } from '../views/html.js';
import { jobEventStream } from './helpdesk-event-stream.js';
import type { HelpdeskDeps } from './helpdesk-deps.js';

const JOB = '/helpdesk/tokens/program/jobs/:id';
/** How long a cancel waits for the job to end before answering, so the page it returns to shows the outcome. */
const CANCEL_WAIT_MS = 3000;
const CODE = /^\d{6,8}$/;
const READERS_DOWN = 'The readers cannot be reached: the smart-card service (pcscd) may have stopped. Check it (systemctl status pcscd), then reload this page.';

/**
 * The helpdesk console: `/helpdesk` (home), `/helpdesk/tokens/program` (form, POST starts a job), the live job page
 * and its event stream, code entry, cancel, and sign-out. Every route but sign-out and the signed-out page passes
 * `requireStaff` with the roles `helpdesk-access.ts` grants; every POST passes `sameOriginForms` and the session's
 * form token (a refusal is `ERR_CSRF`, 403, rendered as a page by the app's error handler). Pages carry the strict
 * CSP of `pageSecurityHeaders` and are never cached. The sign-in itself (`/helpdesk/signin`) belongs to the sign-in
 * routes.
 */
export function helpdeskRoutes(deps: HelpdeskDeps): Router {
  const r = Router();
  const headers = pageSecurityHeaders();
  const origin = sameOriginForms(deps.publicOrigins);
  const body = express.urlencoded({ extended: false, limit: deps.options?.formLimitBytes ?? 4096, parameterLimit: 20 });
  const staff = (p: HelpdeskPermission, returnTo?: (path: string) => string): RequestHandler =>
    requireStaff(deps, rolesWith(p), returnTo ? { returnTo } : {});
  const backToJob = (path: string): string => path.replace(/\/(code|cancel)$/, '');
  const post = (p: HelpdeskPermission, returnTo?: (path: string) => string): RequestHandler[] => [headers, origin, staff(p, returnTo), body, checkFormToken];

  r.get('/helpdesk', headers, staff('console.view'), (_req, res) => {
    const { staff: s, session } = staffOf(res);
    page(res, 200, helpdeskHomePage({ staff: s, csrf: session.csrf, jobs: deps.console.list() }));
  });

  r.get('/helpdesk/tokens/program', headers, staff('tokens.program'), async (_req, res) => {
    await programForm(res, 200, EMPTY_PROGRAM_FORM);
  });

  r.post('/helpdesk/tokens/program', ...post('tokens.program', () => '/helpdesk/tokens/program'), async (req, res) => {
    const values = readProgramForm(req.body);
    const refuse = (status: number, field: NonNullable<ProgramPageOptions['error']>['field'], message: string) =>
      programForm(res, status, values, { field, message });
    if (values.reader === '') return refuse(400, 'reader', 'Pick a reader.');
    if (values.bulk && values.target === 'user') return refuse(400, 'bulk', 'Bulk mode programs tokens into stock: choose Stock, or untick Bulk.');
    let upn: string | null = null;
    if (values.target === 'user') {
      const user = values.upn === '' ? null : await deps.users.find(values.upn);
      if (values.upn === '') return refuse(400, 'upn', 'Type the user name (UPN), or choose Stock.');
      if (!user || !values.upn.includes('@')) return refuse(400, 'upn', `There is no user ${values.upn}. Check the spelling, or choose Stock.`);
      if (!user.enabled) return refuse(400, 'upn', `${user.upn} is disabled. Enable the account first, or choose Stock.`);
      upn = user.upn;
    }
    const input: StartJobInput = {
      reader: values.reader, upn, bulk: values.bulk, reprogram: values.reprogram && !values.bulk, staff: staffOf(res).staff, source: clientIp(req, res),
      ...(values.algorithm ? { algorithm: values.algorithm } : {}),
    };
    const started = await deps.console.start(input).catch((err: unknown) => {
      deps.logger.warn({ err, reader: input.reader }, 'could not start a programming job');
      return null;
    });
    if (started === null) return refuse(503, 'form', READERS_DOWN);
    if (started.ok) return res.redirect(303, jobPath(started.job.id));
    if (started.reason === 'reader_busy') return refuse(409, 'reader', `${values.reader} is busy with another job. Wait for it to finish, or pick another reader.`);
    if (started.reason === 'unknown_reader') return refuse(400, 'reader', `${values.reader} is not connected. Pick a reader from the list.`);
    return refuse(400, 'bulk', 'Bulk mode programs tokens into stock: choose Stock, or untick Bulk.');
  });

  r.get(JOB, headers, staff('jobs.view'), (req, res) => {
    jobPage(req, res, 200);
  });

  r.get(`${JOB}/events`, headers, requireStaff(deps, rolesWith('jobs.view'), { mode: 'stream' }),
    jobEventStream(deps.console, deps.options?.heartbeatMs ?? 15_000, deps.logger));

  r.post(`${JOB}/code`, ...post('jobs.control_own', backToJob), async (req, res) => {
    const code = String((req.body as Record<string, unknown>).code ?? '').replace(/[\s-]/g, '');
    if (!CODE.test(code)) return jobPage(req, res, 400, 'Type only the 6 or 8 digits the token shows.');
    const result = await deps.console.submitCode(String(req.params.id), code, staffOf(res).staff);
    if ('ok' in result) return refusal(req, res, result.reason);
    res.redirect(303, jobPath(String(req.params.id)));
  });

  r.post(`${JOB}/cancel`, ...post('jobs.control_own', backToJob), async (req, res) => {
    const result = await deps.console.cancel(String(req.params.id), staffOf(res).staff, { waitMs: CANCEL_WAIT_MS });
    if (!result.ok) return refusal(req, res, result.reason);
    res.redirect(303, jobPath(String(req.params.id)));
  });

  r.post('/helpdesk/signout', headers, origin, body, async (req, res) => {
    const token = readCookie(req, COOKIES.staff);
    const session = await deps.sessions.resolve(token, 'staff');
    if (session) {
      if (!formTokenMatches(session.csrf, (req.body as Record<string, unknown> | undefined)?.csrf)) throw csrfError();
      await deps.sessions.end(token);
      const user = await deps.users.find(session.userId);
      await deps.audit?.record({
        event: 'signin.signed_out', actor: user ? `staff:${user.upn}` : 'system', source: clientIp(req, res), subject: user?.upn ?? null,
        outcome: 'success', details: { userId: session.userId, kind: 'staff', protocol: 'console', sessions: 1 },
      });
    }
    if (token !== undefined) clearCookie(res, COOKIES.staff);
    res.redirect(303, '/helpdesk/signed-out');
  });

  r.get('/helpdesk/signed-out', headers, (_req, res) => {
    page(res, 200, helpdeskMessagePage({
      title: 'Signed out', message: 'You are signed out of the helpdesk console.',
      links: [{ href: '/helpdesk/signin?returnTo=%2Fhelpdesk', text: 'Sign in again' }],
    }));
  });

  return r;

  async function programForm(res: Response, status: number, values: ProgramFormValues, error?: ProgramPageOptions['error']): Promise<void> {
    const { staff: s, session } = staffOf(res);
    const readers = await deps.console.readers().catch((err: unknown) => {
      deps.logger.warn({ err }, 'could not list the readers');
      return null;
    });
    const shown = readers === null ? { field: 'form' as const, message: READERS_DOWN } : error;
    page(res, readers === null ? 503 : status, helpdeskProgramPage({ staff: s, csrf: session.csrf, readers: readers ?? [], values, ...(shown ? { error: shown } : {}) }));
  }

  function jobPage(req: Request, res: Response, status: number, notice?: string): void {
    const { staff: s, session } = staffOf(res);
    const job = deps.console.get(String(req.params.id));
    if (!job) return refusal(req, res, 'not_found');
    const canControl = canControlJob(s, job.startedBy.userId);
    page(res, status, helpdeskJobPage({ staff: s, csrf: session.csrf, job, canControl, ...(notice ? { notice } : {}) }));
  }

  function refusal(req: Request, res: Response, reason: 'not_found' | 'forbidden' | 'finished'): void {
    const { staff: s, session } = staffOf(res);
    const header = helpdeskHeader(s, session.csrf);
    if (reason === 'finished') return res.redirect(303, jobPath(String(req.params.id)));
    if (reason === 'forbidden') {
      return page(res, 403, helpdeskMessagePage({
        header, title: 'Not allowed', message: 'Only the person who started this job, or an administrator, can enter its code or cancel it.',
        links: [{ href: jobPath(String(req.params.id)), text: 'Back to the job' }],
      }));
    }
    page(res, 404, helpdeskMessagePage({
      header, title: 'Job not found', message: 'This programming job does not exist or finished too long ago.',
      links: [{ href: '/helpdesk/tokens/program', text: 'Program a token' }],
    }));
  }
}

function page(res: Response, status: number, body: SafeHtml): void {
  res.status(status).type('html').send(body.html);
}

function csrfError(): MfaError {
  return new MfaError('ERR_CSRF', 'This form has expired or did not come from this console. Go back, reload the page and try again.');
}

/** The session's form token must come back in the `csrf` field (second line of CSRF defence, after `sameOriginForms`). */
const checkFormToken: RequestHandler = (req, res, next) => {
  const given = (req.body as Record<string, unknown> | undefined)?.csrf;
  next(formTokenMatches(staffOf(res).session.csrf, given) ? undefined : csrfError());
};

function readProgramForm(raw: unknown): ProgramFormValues {
  const b = (raw ?? {}) as Record<string, unknown>;
  const str = (k: string): string => (typeof b[k] === 'string' ? (b[k] as string).trim() : '');
  const algorithm = str('algorithm');
  return {
    reader: str('reader'),
    target: str('target') === 'stock' ? 'stock' : 'user',
    upn: str('upn').slice(0, 256),
    bulk: str('bulk') === '1',
    reprogram: str('reprogram') === '1',
    algorithm: algorithm === 'SHA1' || algorithm === 'SHA256' ? algorithm : '',
  };
}

/** The client address for the audit log: the app's `clientAddress` result, else the socket peer. */
function clientIp(req: Request, res: Response): string {
  const fromApp = typeof res.locals.clientIp === 'string' ? normalizeIp(res.locals.clientIp) : null;
  return fromApp?.address ?? normalizeIp(req.socket.remoteAddress ?? '')?.address ?? 'system';
}
