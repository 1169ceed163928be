// SPDX-License-Identifier: UNLICENSED
import type { AuditLog } from '../../audit/audit-log.js';
import type { ResolvedConfig } from '../../config/index.js';
import type { SigningKeys } from '../../federation/keys/signing-keys.js';
import type { Logger } from '../../log/logger.js';
import type { Clock } from '../../ports/clock.js';
import type { Store } from '../../store/store.js';
import type { GraphClient } from '../graph/graph-client.js';

/** What `federateDomain`, `defederateDomain` and `rolloverDomain` work with. */
export interface DomainFederationDeps {
  config: Pick<ResolvedConfig, 'server' | 'federation'>;
  graph: GraphClient;
  store: Pick<Store, 'users' | 'provisioning'>;
  keys: SigningKeys;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
}
