// SPDX-License-Identifier: UNLICENSED
import type { AuditLog } from '../../agent/audit/audit-log.js';
import type { ProgramConsole } from '../../agent/helpdesk/create-program-console.js';
import type { Logger } from '../../agent/log/logger.js';
import type { WebSessions } from '../../agent/signin/create-web-sessions.js';
import type { StaffRole } from '../../agent/store/store.js';

/** A directory user as the console needs it (the `UserDirectory.find` view satisfies it). */
export interface HelpdeskUser {
  id: string;
  upn: string;
  displayName: string;
  enabled: boolean;
}

/** What `helpdeskRoutes` needs, handed in by the composition root. */
export interface HelpdeskDeps {
  /** Staff sessions (kind `staff`, `data.role`), created by the sign-in flow. */
  sessions: Pick<WebSessions, 'resolve' | 'end'>;
  /** `helpdesk.session.idleMinutes` in ms: a session unused this long is ended at its next request. */
  idleMs: number;
  console: ProgramConsole;
  /** By UPN or id (`directory.users.find`): the signed-in staff member's UPN, and the user a token is assigned to. */
  users: { find(upnOrId: string): Promise<HelpdeskUser | null> };
  /**
   * The staff member's role now (`directory.staff.roleOf`): when given, it overrides the role recorded in the
   * session, so a revoked role or a disabled account loses the console at the next request. Null means no role.
   */
  roleOf?: (userId: string) => Promise<StaffRole | null>;
  /** Records `signin.signed_out`; sign-out works without it. */
  audit?: Pick<AuditLog, 'record'>;
  /** `server.publicUrl` and any other origins the console is reached by, for `sameOriginForms`. */
  publicOrigins: readonly string[];
  logger: Logger;
  options?: {
    /** Comment lines on an idle event stream, so proxies and browsers keep it open. @default 15000 */
    heartbeatMs?: number;
    /** Largest form body, in bytes. @default 4096 */
    formLimitBytes?: number;
  };
}
