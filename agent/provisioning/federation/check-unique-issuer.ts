// SPDX-License-Identifier: UNLICENSED
import type { DomainOperations, GraphDomain } from '../graph/domain-operations.js';
import type { GraphCore } from '../graph/graph-client.js';
import type { FederationCheck } from './federation-check.js';

const NAME = 'issuer unique';

/**
 * `issuer unique`: no other domain of the tenant is federated with the same `issuerUri`; Entra refuses a
 * second one with 409 `Request_MultipleObjectsWithSameKeyValue` (reference §3.5). Reads `GET /domains` and
 * the configuration of every other Federated domain. Skipped when the domain has no issuer (not configured here).
 */
export async function checkUniqueIssuer(graph: GraphCore & DomainOperations, domain: string, issuer: string | null, configIndex: number): Promise<FederationCheck> {
  if (issuer === null) return { name: NAME, status: 'skipped', detail: 'the domain is not in federation.domains' };
  const others = (await graph.listAll<GraphDomain>('/domains')).filter((d) => d.id.toLowerCase() !== domain.toLowerCase() && d.authenticationType === 'Federated');
  for (const other of others) {
    for (const config of await graph.listFederationConfigurations(other.id)) {
      if (config.issuerUri === issuer) {
        return {
          name: NAME, status: 'fail', detail: `${other.id} is already federated with issuer ${issuer}`,
          fix: `give ${domain} an issuer of its own: set federation.domains[${configIndex}].issuer (the default is <server.publicUrl>/federation/${domain})`,
        };
      }
    }
  }
  return { name: NAME, status: 'ok', detail: `no other domain of the tenant uses ${issuer} (${others.length} other federated domain(s))` };
}
