// SPDX-License-Identifier: UNLICENSED
import { MfaError } from '../../errors.js';
import type { GraphCore } from './graph-client.js';
import { odataEquals } from './odata-equals.js';

/** The user properties provisioning reads (always `$select`ed: onPremisesImmutableId is returned only then, §4.1). */
export const USER_SELECT = 'id,userPrincipalName,onPremisesImmutableId,accountEnabled,displayName,mailNickname,usageLocation,givenName,surname,mail,assignedLicenses';

/** A Graph user, as far as provisioning cares. */
export interface GraphUser {
  id: string;
  userPrincipalName: string;
  onPremisesImmutableId?: string | null;
  accountEnabled?: boolean;
  displayName?: string;
  mailNickname?: string;
  usageLocation?: string | null;
  assignedLicenses?: Array<{ skuId: string; disabledPlans: string[] }>;
  [property: string]: unknown;
}

/** Body of `POST /users` (§4.1; `onPremisesImmutableId` is required on a federated domain). */
export interface NewGraphUser {
  accountEnabled: boolean;
  displayName: string;
  mailNickname: string;
  userPrincipalName: string;
  onPremisesImmutableId?: string;
  usageLocation?: string;
  passwordProfile: { password: string; forceChangePasswordNextSignIn: boolean };
  [property: string]: unknown;
}

export interface SubscribedSku {
  skuId: string;
  skuPartNumber: string;
  prepaidUnits?: { enabled: number };
  consumedUnits?: number;
  [property: string]: unknown;
}

/** A soft-deleted directory object (`/directory/deletedItems`, §4.5). */
export interface DeletedUser extends GraphUser {
  deletedDateTime?: string;
}

/** Users, licences, groups and the recycle bin (reference §4.1–§4.5). Lookups that find nothing return null. */
export interface UserOperations {
  getUserByImmutableId(immutableId: string): Promise<GraphUser | null>;
  getUserByUpn(upn: string): Promise<GraphUser | null>;
  getUser(id: string): Promise<GraphUser | null>;
  createUser(user: NewGraphUser): Promise<GraphUser>;
  updateUser(id: string, changes: Record<string, unknown>): Promise<void>;
  /** Soft delete (30 days in `/directory/deletedItems`). */
  deleteUser(id: string): Promise<void>;
  assignLicense(userId: string, change: { addLicenses: Array<{ skuId: string; disabledPlans?: string[] }>; removeLicenses: string[] }): Promise<void>;
  subscribedSkus(): Promise<SubscribedSku[]>;
  addGroupMember(groupId: string, userId: string): Promise<void>;
  removeGroupMember(groupId: string, userId: string): Promise<void>;
  /** Soft-deleted users, optionally only those holding `upn` or `immutableId`. */
  listDeletedUsers(match?: { upn?: string; immutableId?: string }): Promise<DeletedUser[]>;
  restoreDeletedItem(id: string): Promise<GraphUser>;
  /** Permanent; the UPN and immutable id become free. */
  purgeDeletedItem(id: string): Promise<void>;
}

/** `baseUrl` (graph.baseUrl) builds the `@odata.id` of a member reference. */
export function createUserOperations(core: GraphCore, baseUrl: string): UserOperations {
  const seg = (s: string): string => encodeURIComponent(s);
  const orNull = async <T>(p: Promise<T>): Promise<T | null> => {
    try {
      return await p;
    } catch (err) {
      if (err instanceof MfaError && err.code === 'ERR_GRAPH' && err.data.status === 404) return null;
      throw err;
    }
  };
  const first = async (filter: string): Promise<GraphUser | null> => {
    const { body } = await core.request<{ value?: GraphUser[] }>({ method: 'GET', path: `/users?$filter=${filter}&$select=${USER_SELECT}` });
    return body?.value?.[0] ?? null;
  };
  const userBody = async (path: string): Promise<GraphUser> => {
    const { body } = await core.request<GraphUser>({ method: 'GET', path });
    if (body === undefined) throw new MfaError('ERR_GRAPH', `Graph GET ${path.split('?')[0]} returned no body`, { data: { reason: 'protocol', status: 200 } });
    return body;
  };
  return {
    getUserByImmutableId: (immutableId) => first(odataEquals('onPremisesImmutableId', immutableId)),
    getUserByUpn: (upn) => orNull(userBody(`/users/${seg(upn)}?$select=${USER_SELECT}`)),
    getUser: (id) => orNull(userBody(`/users/${seg(id)}?$select=${USER_SELECT}`)),
    async createUser(user) {
      const { body } = await core.request<GraphUser>({ method: 'POST', path: '/users', body: user });
      if (body?.id === undefined) throw new MfaError('ERR_GRAPH', 'Graph POST /users returned no user id', { data: { reason: 'protocol', status: 201 } });
      return body;
    },
    async updateUser(id, changes) {
      await core.request({ method: 'PATCH', path: `/users/${seg(id)}`, body: changes });
    },
    async deleteUser(id) {
      await core.request({ method: 'DELETE', path: `/users/${seg(id)}` });
    },
    async assignLicense(userId, change) {
      const body = { addLicenses: change.addLicenses.map((l) => ({ skuId: l.skuId, disabledPlans: l.disabledPlans ?? [] })), removeLicenses: change.removeLicenses };
      await core.request({ method: 'POST', path: `/users/${seg(userId)}/assignLicense`, body });
    },
    subscribedSkus: () => core.listAll<SubscribedSku>('/subscribedSkus'),
    async addGroupMember(groupId, userId) {
      const body = { '@odata.id': `${baseUrl.replace(/\/$/, '')}/v1.0/directoryObjects/${seg(userId)}` };
      await core.request({ method: 'POST', path: `/groups/${seg(groupId)}/members/$ref`, body });
    },
    async removeGroupMember(groupId, userId) {
      await core.request({ method: 'DELETE', path: `/groups/${seg(groupId)}/members/${seg(userId)}/$ref` });
    },
    listDeletedUsers(match = {}) {
      const filter = match.immutableId !== undefined ? odataEquals('onPremisesImmutableId', match.immutableId)
        : match.upn !== undefined ? odataEquals('userPrincipalName', match.upn) : null;
      const query = `$select=${USER_SELECT},deletedDateTime${filter === null ? '' : `&$filter=${filter}`}`;
      return core.listAll<DeletedUser>(`/directory/deletedItems/microsoft.graph.user?${query}`);
    },
    async restoreDeletedItem(id) {
      const { body } = await core.request<GraphUser>({ method: 'POST', path: `/directory/deletedItems/${seg(id)}/restore` });
      if (body === undefined) throw new MfaError('ERR_GRAPH', 'Graph restore returned no object', { data: { reason: 'protocol', status: 200 } });
      return body;
    },
    async purgeDeletedItem(id) {
      await core.request({ method: 'DELETE', path: `/directory/deletedItems/${seg(id)}` });
    },
  };
}
