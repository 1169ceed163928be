// SPDX-License-Identifier: UNLICENSED
import type { RequestHandler, Response } from 'express';
import type { StaffIdentity } from '../../agent/helpdesk/helpdesk-access.js';
import { isStaffRole } from '../../agent/directory/staff-directory.js';
import type { StaffRole, WebSessionRecord } from '../../agent/store/store.js';
import { COOKIES, clearCookie, readCookie } from '../http/cookies.js';
import type { HelpdeskDeps } from '../routes/helpdesk-deps.js';
import { helpdeskMessagePage } from '../views/helpdesk-message-page.js';

/** What `requireStaff` leaves in `res.locals.staff` for the handlers. */
export interface StaffContext {
  session: WebSessionRecord;
  staff: StaffIdentity;
}

export interface RequireStaffOptions {
  /**
   * `page` (default): no session → 303 to `/helpdesk/signin?returnTo=…`, wrong role → 403 page. `stream` (the event
   * stream, which a browser cannot follow to a sign-in page): 401 and 403 as `{ code, message }` JSON.
   */
  mode?: 'page' | 'stream';
  /** Where to come back after signing in, for a POST (a GET returns to itself). @default `/helpdesk` */
  returnTo?: (path: string) => string;
}

/** The staff context set by `requireStaff`; throws when the middleware did not run (a wiring fault). */
export function staffOf(res: Response): StaffContext {
  const ctx = res.locals.staff as StaffContext | undefined;
  if (!ctx) throw new Error('requireStaff did not run for this route');
  return ctx;
}

/**
 * Authorization of every console route, in order:
 * 1. the `__Host-mfa_staff` cookie names a live `staff` session, not idle longer than `idleMs` (else sign in);
 * 2. its user still exists and is enabled (else the session is ended and the browser sent to sign in);
 * 3. the role — the directory's current one when `roleOf` is given, else the session's — is one of `roles` (else 403).
 */
export function requireStaff(deps: Pick<HelpdeskDeps, 'sessions' | 'idleMs' | 'users' | 'roleOf'>, roles: readonly StaffRole[], options: RequireStaffOptions = {}): RequestHandler {
  const mode = options.mode ?? 'page';
  return async (req, res, next) => {
    try {
      const token = readCookie(req, COOKIES.staff);
      const session = await deps.sessions.resolve(token, 'staff', { idleMs: deps.idleMs });
      const user = session ? await deps.users.find(session.userId) : null;
      if (!session || !user?.enabled) {
        if (session) await deps.sessions.end(token);
        if (token !== undefined) clearCookie(res, COOKIES.staff);
        return unauthenticated(res, mode, req.method === 'GET' || req.method === 'HEAD' ? req.originalUrl : (options.returnTo?.(req.path) ?? '/helpdesk'));
      }
      const recorded = typeof session.data.role === 'string' && isStaffRole(session.data.role) ? session.data.role : null;
      const role = deps.roleOf ? await deps.roleOf(session.userId) : recorded;
      if (role === null || !roles.includes(role)) return forbidden(res, mode, role);
      res.locals.staff = { session, staff: { userId: user.id, upn: user.upn, role } } satisfies StaffContext;
      next();
    } catch (err) {
      next(err);
    }
  };
}

function unauthenticated(res: Response, mode: 'page' | 'stream', returnTo: string): void {
  res.setHeader('Cache-Control', 'no-store');
  if (mode === 'stream') {
    res.status(401).type('application/json').send(JSON.stringify({ code: 'ERR_UNAUTHORIZED', message: 'sign in to the helpdesk console' }));
    return;
  }
  const target = returnTo.startsWith('/helpdesk') && !returnTo.startsWith('//') ? returnTo : '/helpdesk';
  res.redirect(303, `/helpdesk/signin?returnTo=${encodeURIComponent(target)}`);
}

function forbidden(res: Response, mode: 'page' | 'stream', role: StaffRole | null): void {
  const message = role === null
    ? 'Your account has no helpdesk role. Ask an administrator to grant one.'
    : 'Your role does not allow this. Ask an administrator.';
  if (mode === 'stream') {
    res.status(403).type('application/json').send(JSON.stringify({ code: 'ERR_FORBIDDEN', message }));
    return;
  }
  res.status(403).type('html').send(helpdeskMessagePage({ title: 'Not allowed', message, links: [{ href: '/helpdesk', text: 'Helpdesk home' }] }).html);
}
