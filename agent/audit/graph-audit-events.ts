// SPDX-License-Identifier: UNLICENSED
import type { AuditOutcome } from '../store/store.js';
import type { AuditEventSpec } from './audit-events.js';

const USER_ID = 'id of the user';
const REASON = 'why it failed or was denied (a short machine-readable word), absent on success';
const ADMIN_GRAPH: readonly AuditOutcome[] = ['success', 'failure'];
const GRAPH_RUN = 'id of the sync run';
const GRAPH_CHANGE = {
  userId: USER_ID, runId: GRAPH_RUN, seq: 'position of the change in the run\'s journal', entraId: 'Entra object id',
  reason: 'error code on failure (`ERR_GRAPH`, `ERR_GRAPH_THROTTLED`, …)', graphError: 'Graph\'s own error code on failure',
} as const;
const GRAPH_COUNTS = { planned: 'changes planned', issues: 'conflicts reported instead of changed' } as const;

/** The audit events of Graph provisioning and domain federation (part of `AUDIT_EVENTS`). */
export const GRAPH_AUDIT_EVENTS = {
  'graph.credential_stored': {
    description: 'The Graph app credential (client secret or certificate) was sealed in the vault, replacing any earlier one. Subject: the application (client) id.',
    writtenBy: 'agent/provisioning (`mfa-appliance graph credentials`)',
    details: { kind: '`secret` or `certificate`', thumbprint: 'SHA-1 thumbprint of the certificate (certificate only)', notAfter: 'certificate expiry, ISO 8601 (certificate only)' },
    outcomes: ['success'],
  },
  'graph.sync_started': {
    description: 'A Graph sync run was planned and journalled; its changes are applied next. Subject: the run id.',
    writtenBy: 'agent/provisioning/sync',
    details: { ...GRAPH_COUNTS, resumedRunId: 'id of the unfinished run resumed before planning, or null' },
    outcomes: ['success'],
  },
  'graph.sync_finished': {
    description: 'A Graph sync run ended: `success` when every change was applied, `failure` when some failed or are left pending (rerun `graph sync`). Subject: the run id.',
    writtenBy: 'agent/provisioning/sync',
    details: {
      planned: 'changes in the run', done: 'changes applied', failed: 'changes that failed', skipped: 'changes skipped (their user could not be created)',
      pending: 'changes not attempted (the run stopped)', issues: 'conflicts reported instead of changed', resumed: 'whether this was a resumed run', reason: 'error code that stopped the run, if any',
    },
    outcomes: ['success', 'failure'],
  },
  'graph.conflict': {
    description: 'The sync found something it will not change by itself (a UPN held by another Entra user, a soft-deleted user holding the UPN or immutable id, licences without a usage location). Subject: the UPN.',
    writtenBy: 'agent/provisioning/sync',
    details: { userId: USER_ID, runId: GRAPH_RUN, kind: '`upn_conflict`, `soft_deleted` or `no_usage_location`', choices: 'the ways out (e.g. `--restore-deleted`, `--purge-deleted`)', message: 'what was found and what to do' },
    outcomes: ['failure'],
  },
  'graph.user_created': {
    description: 'A user was created in Entra (with its immutable id and a random password that is never kept), or found already created and linked (`recovered`). Subject: the UPN.',
    writtenBy: 'agent/provisioning/sync',
    details: { ...GRAPH_CHANGE, usageLocation: 'usage location sent', recovered: 'set when the user already existed (a create that landed before a crash or a timeout)' },
    outcomes: ADMIN_GRAPH,
  },
  'graph.user_updated': {
    description: 'Attributes of an Entra user were changed to match the directory. Subject: the UPN.',
    writtenBy: 'agent/provisioning/sync',
    details: { ...GRAPH_CHANGE, changed: 'names of the changed attributes (never values)' },
    outcomes: ADMIN_GRAPH,
  },
  'graph.user_enabled': {
    description: 'An Entra user was enabled (accountEnabled true). Subject: the UPN.',
    writtenBy: 'agent/provisioning/sync',
    details: GRAPH_CHANGE,
    outcomes: ADMIN_GRAPH,
  },
  'graph.user_disabled': {
    description: 'An Entra user was disabled: disabled locally, or left every provisioning group under the `disable` rule. Subject: the UPN.',
    writtenBy: 'agent/provisioning/sync',
    details: GRAPH_CHANGE,
    outcomes: ADMIN_GRAPH,
  },
  'graph.user_deleted': {
    description: 'An Entra user was soft-deleted (30 days in deleted items) under the `delete` rule. Subject: the UPN.',
    writtenBy: 'agent/provisioning/sync',
    details: GRAPH_CHANGE,
    outcomes: ADMIN_GRAPH,
  },
  'graph.user_restored': {
    description: 'A soft-deleted Entra user holding the immutable id was restored (`graph sync --restore-deleted`). Subject: the UPN.',
    writtenBy: 'agent/provisioning/sync',
    details: GRAPH_CHANGE,
    outcomes: ADMIN_GRAPH,
  },
  'graph.user_purged': {
    description: 'A soft-deleted Entra user holding the UPN or immutable id was permanently deleted (`graph sync --purge-deleted`). Subject: the UPN.',
    writtenBy: 'agent/provisioning/sync',
    details: GRAPH_CHANGE,
    outcomes: ADMIN_GRAPH,
  },
  'graph.user_linked': {
    description: 'A local user was linked to an existing Entra user with the same immutable id, or unlinked because the Entra user is gone. Subject: the UPN.',
    writtenBy: 'agent/provisioning/sync',
    details: { ...GRAPH_CHANGE, change: '`linked` or `unlinked`', why: 'why' },
    outcomes: ADMIN_GRAPH,
  },
  'graph.license_changed': {
    description: 'Licences of an Entra user were added or removed (assignLicense). Subject: the UPN.',
    writtenBy: 'agent/provisioning/sync',
    details: { ...GRAPH_CHANGE, added: 'SKU ids added', removed: 'SKU ids removed' },
    outcomes: ADMIN_GRAPH,
  },
  'graph.group_changed': {
    description: 'A user was added to or removed from a managed Entra group. Subject: the UPN.',
    writtenBy: 'agent/provisioning/sync',
    details: { ...GRAPH_CHANGE, groupId: 'Entra group id', change: '`added` or `removed`' },
    outcomes: ADMIN_GRAPH,
  },
  'graph.oath_token_registered': {
    description: 'A hardware token was created (or found) in Entra\'s hardware OATH inventory, assigned to its user and activated with a verified code. Subject: the token serial.',
    writtenBy: 'agent/provisioning/oath (`mfa-appliance graph register-token`)',
    details: {
      tokenId: 'id of the token', userId: USER_ID, upn: 'the user\'s UPN', entraUserId: 'the user\'s Entra object id',
      deviceId: 'the hardwareOathDevice id', existed: 'true when the device was already in Entra',
    },
    outcomes: ['success'],
    safeKeys: ['tokenId'],
  },
  'graph.domain_federated': {
    description: 'A domain was federated in Entra (`federationConfiguration` created) after the compatibility checks passed. Subject: the domain.',
    writtenBy: 'agent/provisioning (`mfa-appliance graph federate`)',
    details: { protocol: '`saml` or `wsfed`', issuer: 'issuer URI', configurationId: 'the federationConfiguration id', thumbprint: 'SHA-256 thumbprint of the signing certificate', federatedIdpMfaBehavior: 'the MFA behaviour set', reason: REASON, checks: 'failed checks, on failure' },
    outcomes: ['success', 'failure'],
  },
  'graph.domain_defederated': {
    description: 'A domain was converted back to managed and its federation configuration deleted. Subject: the domain.',
    writtenBy: 'agent/provisioning (`mfa-appliance graph defederate`)',
    details: { configurationId: 'the deleted federationConfiguration id', reason: REASON },
    outcomes: ['success', 'failure'],
  },
  'graph.certificate_rolled': {
    description: 'Signing-certificate rollover in Entra: the next certificate published as `nextSigningCertificate`, or swapped in as `signingCertificate`. Subject: the domain.',
    writtenBy: 'agent/provisioning (`mfa-appliance graph rollover`)',
    details: { phase: '`published` or `activated`', thumbprint: 'SHA-256 thumbprint of the certificate', reason: REASON },
    outcomes: ['success', 'failure'],
  },
} as const satisfies Record<string, AuditEventSpec>;
