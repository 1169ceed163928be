// SPDX-License-Identifier: UNLICENSED
import type { GraphObject, GroupRecord } from './tenant-data.js';

/** A group as Graph returns it (members are a separate collection). */
export function viewGroup(g: GroupRecord): GraphObject {
  return { id: g.id, deletedDateTime: null, ...g.props };
}
