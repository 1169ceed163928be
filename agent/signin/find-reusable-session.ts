// SPDX-License-Identifier: UNLICENSED
import type { UserDirectory, UserView } from '../directory/user-directory.js';
import { domainForUpn, type FederatedDomain } from '../federation/federated-domains.js';
import type { WebSessionRecord } from '../store/store.js';
import type { WebSessions } from './create-web-sessions.js';
import type { SigninRequest } from './signin-flow.js';

export interface ReusableSession {
  session: WebSessionRecord;
  user: UserView;
  domain: FederatedDomain;
}

/**
 * The single sign-on session a federation request may reuse. Rules:
 * - never when the request forces a fresh sign-in (`ForceAuthn`, `wfresh=0`, `prompt=login`);
 * - the `sso` session is live (lifetime from its sign-in, not extended by reuse);
 * - its user still exists and is enabled;
 * - the user's UPN is still in the federated domain the session was made for (same user, same domain);
 * - when the relying party names the account (`loginHint`), it is this user.
 */
export async function findReusableSession(
  deps: { sessions: WebSessions; users: Pick<UserDirectory, 'find'>; domains: readonly FederatedDomain[] },
  token: string | undefined,
  request: SigninRequest,
): Promise<ReusableSession | null> {
  if (request.forceFresh || token === undefined) return null;
  const session = await deps.sessions.resolve(token, 'sso');
  if (session === null) return null;
  const user = await deps.users.find(session.userId);
  if (user === null || !user.enabled) return null;
  const domain = domainForUpn(deps.domains, user.upn);
  if (domain === null || domain.name !== session.data.domain) return null;
  if (request.loginHint !== null && request.loginHint.toLowerCase() !== user.upn.toLowerCase()) return null;
  return { session, user, domain };
}
