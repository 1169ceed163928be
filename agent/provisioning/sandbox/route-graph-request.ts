// SPDX-License-Identifier: UNLICENSED
import { activateHardwareOathMethod } from './activate-hardware-oath-method.js';
import { addGroupMember } from './add-group-member.js';
import { assignHardwareOathMethod } from './assign-hardware-oath-method.js';
import { assignLicense } from './assign-license.js';
import { createFederationConfiguration } from './create-federation-configuration.js';
import { createGroup } from './create-group.js';
import { createHardwareOathDevice } from './create-hardware-oath-device.js';
import { createUser } from './create-user.js';
import { deleteFederationConfiguration } from './delete-federation-configuration.js';
import { deleteHardwareOathDevice } from './delete-hardware-oath-device.js';
import { deleteHardwareOathMethod } from './delete-hardware-oath-method.js';
import { deleteUser } from './delete-user.js';
import { GraphError } from './graph-error.js';
import type { GraphHandler, GraphRequest, GraphResponse, HandlerContext } from './graph-request.js';
import { listSubscribedSkus } from './list-subscribed-skus.js';
import { patchHardwareOathDevices } from './patch-hardware-oath-devices.js';
import { purgeDeletedItem } from './purge-deleted-item.js';
import { readDeletedItems } from './read-deleted-items.js';
import { readDomains } from './read-domains.js';
import { readFederationConfigurations } from './read-federation-configurations.js';
import { readGroups } from './read-groups.js';
import { readHardwareOathDevices } from './read-hardware-oath-devices.js';
import { readHardwareOathMethods } from './read-hardware-oath-methods.js';
import { readUsers } from './read-users.js';
import { removeGroupMember } from './remove-group-member.js';
import { restoreDeletedItem } from './restore-deleted-item.js';
import { updateDomain } from './update-domain.js';
import { updateFederationConfiguration } from './update-federation-configuration.js';
import { updateGroup } from './update-group.js';
import { updateHardwareOathDevice } from './update-hardware-oath-device.js';
import { updateUser } from './update-user.js';
import { userDelta } from './user-delta.js';

/** `*` matches one segment; `beta` marks routes that exist only in the beta version. */
const ROUTES: readonly (readonly [method: string, pattern: string, handler: GraphHandler, betaOnly?: boolean])[] = [
  ['GET', 'users/delta', userDelta],
  ['POST', 'users', createUser],
  ['GET', 'users', readUsers],
  ['GET', 'users/*', readUsers],
  ['PATCH', 'users/*', updateUser],
  ['DELETE', 'users/*', deleteUser],
  ['POST', 'users/*/assignLicense', assignLicense],
  ['GET', 'subscribedSkus', listSubscribedSkus],
  ['POST', 'groups', createGroup],
  ['GET', 'groups', readGroups],
  ['GET', 'groups/*', readGroups],
  ['GET', 'groups/*/members', readGroups],
  ['PATCH', 'groups/*', updateGroup],
  ['POST', 'groups/*/members/$ref', addGroupMember],
  ['DELETE', 'groups/*/members/*/$ref', removeGroupMember],
  ['GET', 'domains', readDomains],
  ['GET', 'domains/*', readDomains],
  ['PATCH', 'domains/*', updateDomain],
  ['GET', 'domains/*/federationConfiguration', readFederationConfigurations],
  ['POST', 'domains/*/federationConfiguration', createFederationConfiguration],
  ['GET', 'domains/*/federationConfiguration/*', readFederationConfigurations],
  ['PATCH', 'domains/*/federationConfiguration/*', updateFederationConfiguration],
  ['DELETE', 'domains/*/federationConfiguration/*', deleteFederationConfiguration],
  ['GET', 'directory/deletedItems/microsoft.graph.user', readDeletedItems],
  ['GET', 'directory/deletedItems/*', readDeletedItems],
  ['DELETE', 'directory/deletedItems/*', purgeDeletedItem],
  ['POST', 'directory/deletedItems/*/restore', restoreDeletedItem],
  ['POST', 'directory/authenticationMethodDevices/hardwareOathDevices', createHardwareOathDevice, true],
  ['PATCH', 'directory/authenticationMethodDevices/hardwareOathDevices', patchHardwareOathDevices, true],
  ['GET', 'directory/authenticationMethodDevices/hardwareOathDevices', readHardwareOathDevices, true],
  ['GET', 'directory/authenticationMethodDevices/hardwareOathDevices/*', readHardwareOathDevices, true],
  ['PATCH', 'directory/authenticationMethodDevices/hardwareOathDevices/*', updateHardwareOathDevice, true],
  ['DELETE', 'directory/authenticationMethodDevices/hardwareOathDevices/*', deleteHardwareOathDevice, true],
  ['POST', 'users/*/authentication/hardwareOathMethods', assignHardwareOathMethod, true],
  ['GET', 'users/*/authentication/hardwareOathMethods', readHardwareOathMethods, true],
  ['GET', 'users/*/authentication/hardwareOathMethods/*', readHardwareOathMethods, true],
  ['DELETE', 'users/*/authentication/hardwareOathMethods/*', deleteHardwareOathMethod, true],
  ['POST', 'users/*/authentication/hardwareOathMethods/*/activate', activateHardwareOathMethod, true],
];

function matches(pattern: string, segments: readonly string[]): boolean {
  const parts = pattern.split('/');
  return parts.length === segments.length && parts.every((p, i) => p === '*' || p === segments[i]);
}

/**
 * Finds the handler for a Graph request and runs it. An unknown path is 400 "Resource not found for the
 * segment"; a known path with another method is 405.
 */
export async function routeGraphRequest(ctx: HandlerContext, req: GraphRequest): Promise<GraphResponse> {
  const candidates = ROUTES.filter(([, pattern, , betaOnly]) => matches(pattern, req.segments) && (betaOnly !== true || req.version === 'beta'));
  const route = candidates.find(([method]) => method === req.method);
  if (route) return route[2](ctx, req);
  if (candidates.length > 0) throw new GraphError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');
  throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${req.segments[req.segments.length - 1] ?? ''}'.`);
}
