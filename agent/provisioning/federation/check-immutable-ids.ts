// SPDX-License-Identifier: UNLICENSED
import type { Store } from '../../store/store.js';
import type { GraphCore } from '../graph/graph-client.js';
import type { GraphUser } from '../graph/user-operations.js';
import type { FederationCheck } from './federation-check.js';

const NAME = 'immutable ids';
/** Users named in a check's detail before "and N more". */
const SHOWN = 5;
const USERS_PAGE = '/users?$select=id,userPrincipalName,onPremisesImmutableId&$top=999';

/**
 * `immutable ids`: Entra matches a federated sign-in by `onPremisesImmutableId` (reference §1.2, §8), so
 * - every user the appliance provisioned (a graph link that is not `deleted`) whose UPN is in the domain
 *   must hold an immutable ID in Entra, equal to the local one: otherwise fail;
 * - Entra users of the domain the appliance does not manage and that have no immutable ID cannot sign in
 *   once the domain is federated: warn, naming them.
 * Reads every Entra user once (`$select`, pages of 999).
 */
export async function checkImmutableIds(graph: GraphCore, store: Pick<Store, 'users' | 'provisioning'>, domain: string): Promise<FederationCheck> {
  const suffix = `@${domain.toLowerCase()}`;
  const inDomain = (upn: string | undefined): boolean => typeof upn === 'string' && upn.toLowerCase().endsWith(suffix);
  const entra = new Map<string, GraphUser>();
  for await (const page of graph.pages<GraphUser>(USERS_PAGE)) for (const u of page) entra.set(u.id.toLowerCase(), u);
  const links = (await store.provisioning.listLinks()).filter((l) => l.state !== 'deleted');
  const linked = new Set(links.map((l) => l.entraId.toLowerCase()));
  const bad: string[] = [];
  let provisioned = 0;
  for (const link of links) {
    const local = await store.users.getById(link.userId);
    const remote = entra.get(link.entraId.toLowerCase());
    if (local === null || remote === undefined || !(inDomain(local.upn) || inDomain(remote.userPrincipalName))) continue;
    provisioned += 1;
    const held = remote.onPremisesImmutableId ?? null;
    if (held === null || held === '') bad.push(`${remote.userPrincipalName} has none`);
    else if (held !== local.immutableId) bad.push(`${remote.userPrincipalName} holds ${held}, the appliance sends ${local.immutableId}`);
  }
  const unmanaged = [...entra.values()]
    .filter((u) => !linked.has(u.id.toLowerCase()) && inDomain(u.userPrincipalName) && (u.onPremisesImmutableId ?? '') === '')
    .map((u) => u.userPrincipalName);
  if (bad.length > 0) {
    return {
      name: NAME, status: 'fail', detail: `${bad.length} of ${provisioned} provisioned user(s) of ${domain} cannot sign in federated: ${listed(bad)}`,
      fix: 'run `mfa-appliance graph sync` (it sets onPremisesImmutableId on the users it manages), then federate again',
    };
  }
  if (unmanaged.length > 0) {
    return {
      name: NAME, status: 'warn', detail: `${provisioned} provisioned user(s) are ready, but ${unmanaged.length} Entra user(s) of ${domain} not managed here have no immutable ID and cannot sign in once it is federated: ${listed(unmanaged)}`,
      fix: 'add them to a provisioning group here (then `graph sync`), or move them to the *.onmicrosoft.com domain',
    };
  }
  return { name: NAME, status: 'ok', detail: `${provisioned} provisioned user(s) of ${domain} hold their immutable ID in Entra` };
}

function listed(items: readonly string[]): string {
  const more = items.length - SHOWN;
  return `${items.slice(0, SHOWN).join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}
