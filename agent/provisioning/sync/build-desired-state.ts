// SPDX-License-Identifier: UNLICENSED
import type { ResolvedConfig } from '../../config/index.js';
import { MfaError } from '../../errors.js';
import type { GroupStore, UserRecord } from '../../store/store.js';
import { deriveMailNickname } from './derive-mail-nickname.js';
import type { DeprovisionRule, DesiredState, DesiredUser } from './desired-state.js';

interface Membership {
  user: UserRecord;
  /** Indexes into `graph.sync.groups`, in configuration order. */
  groups: number[];
}

/**
 * The desired Entra state from the directory. Rules, for a user in several provisioning groups:
 * - usage location: the first listed group that sets one wins, else `graph.sync.defaultUsageLocation`;
 * - deprovision rule: the first listed group's;
 * - licences: the union of all the groups' (part numbers → ids by `skuIds`), Entra groups: all named;
 * - a locally disabled user follows that rule: `disable` keeps them with accountEnabled false, `delete`
 *   makes them departing, `leave` keeps them without managing accountEnabled.
 * A configured group that does not exist locally is `ERR_NOT_FOUND` naming its config path.
 */
export async function buildDesiredState(sync: ResolvedConfig['graph']['sync'], groups: GroupStore, skuIds: ReadonlyMap<string, string>): Promise<DesiredState> {
  const members = new Map<string, Membership>();
  for (const [index, g] of sync.groups.entries()) {
    const local = await groups.getByName(g.group);
    if (local === null) {
      throw new MfaError('ERR_NOT_FOUND', `graph.sync.groups[${index}].group: there is no local group named "${g.group}"`, { data: { path: `graph.sync.groups.${index}.group`, group: g.group } });
    }
    for (const user of await groups.listMembers(local.id)) {
      const m = members.get(user.id) ?? { user, groups: [] };
      m.groups.push(index);
      members.set(user.id, m);
    }
  }
  const state: DesiredState = {
    users: new Map(),
    departing: new Map(),
    managedSkuIds: new Set(sync.groups.flatMap((g) => g.licenses.map((p) => skuIds.get(p) ?? p))),
    managedGroupIds: [...new Set(sync.groups.flatMap((g) => (g.entraGroupId === null ? [] : [g.entraGroupId.toLowerCase()])))],
  };
  for (const { user, groups: idx } of members.values()) {
    const configs = idx.map((i) => sync.groups[i]).filter((g) => g !== undefined);
    const rule: DeprovisionRule = configs[0]?.deprovision ?? 'disable';
    if (!user.enabled && rule === 'delete') {
      state.departing.set(user.id, rule);
      continue;
    }
    const desired: DesiredUser = {
      userId: user.id,
      upn: user.upn,
      displayName: user.displayName.trim() === '' ? user.upn.split('@')[0] ?? user.upn : user.displayName,
      mailNickname: deriveMailNickname(user.upn),
      immutableId: user.immutableId,
      accountEnabled: user.enabled ? true : rule === 'disable' ? false : null,
      usageLocation: configs.find((g) => g.usageLocation !== null)?.usageLocation ?? sync.defaultUsageLocation,
      skuIds: [...new Set(configs.flatMap((g) => g.licenses.map((p) => skuIds.get(p) ?? p)))].sort(),
      entraGroupIds: [...new Set(configs.flatMap((g) => (g.entraGroupId === null ? [] : [g.entraGroupId.toLowerCase()])))].sort(),
      deprovision: rule,
    };
    state.users.set(user.id, desired);
  }
  return state;
}
