// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { AUDIT_EVENTS } from '../../../agent/audit/audit-events.js';
import { SECRET_KEY_PATTERN } from '../../../agent/audit/scrub-audit-details.js';
import { STAFF_ROLES } from '../../../agent/store/store.js';

const REQUIRED = [
  'service.started', 'service.stopped', 'config.warning', 'user.created', 'user.updated', 'user.enabled',
  'user.disabled', 'user.password_set', 'user.password_verified', 'group.created', 'group.deleted',
  'group.member_added', 'group.member_removed', 'staff.granted', 'staff.revoked', 'api_client.created',
  'api_client.revoked', 'api_client.authenticated', 'vault.rotated', 'vault.secret_sealed',
  'vault.secret_destroyed', 'audit.verified', 'backup.created', 'backup.restored', 'init.completed',
  // OTP engine
  'otp.verified', 'lockout.reset', 'token.imported', 'token.assigned', 'token.state_changed', 'token.enrolled',
  'token.activated', 'token.resynced', 'token.exported',
  // Graph provisioning (sync engine and `graph credentials`)
  'graph.credential_stored', 'graph.sync_started', 'graph.sync_finished', 'graph.conflict', 'graph.user_created', 'graph.user_updated',
  'graph.user_enabled', 'graph.user_disabled', 'graph.user_deleted', 'graph.user_restored', 'graph.user_purged', 'graph.user_linked',
  'graph.license_changed', 'graph.group_changed', 'graph.oath_token_registered',
  'graph.domain_federated', 'graph.domain_defederated', 'graph.certificate_rolled',
  // Federation, sign-in and the console
  'signin.succeeded', 'signin.failed', 'signin.mfa_bypassed', 'signin.signed_out', 'federation.token_issued',
  'federation.request_rejected', 'federation.key_generated', 'federation.key_activated', 'federation.key_retired',
  'staff.signed_in', 'token.programmed',
];
const entries = Object.entries(AUDIT_EVENTS);

describe('AUDIT_EVENTS', () => {
  test('lists exactly the events of the foundation, the OTP engine, Graph provisioning, federation and the console', () => {
    expect(Object.keys(AUDIT_EVENTS).sort()).toEqual([...REQUIRED].sort());
  });

  test.each(entries)('%s is well formed', (name, spec) => {
    expect(name).toMatch(/^[a-z_]+\.[a-z_]+$/);
    expect(spec.description.length).toBeGreaterThan(10);
    expect(spec.writtenBy).toMatch(/^(agent|web)\//);
    expect(spec.outcomes.length).toBeGreaterThan(0);
    expect(new Set(spec.outcomes).size).toBe(spec.outcomes.length);
    for (const k of spec.safeKeys ?? []) {
      expect(Object.keys(spec.details)).toContain(k);
      expect(k).toMatch(SECRET_KEY_PATTERN);
    }
  });

  test('is frozen, deeply', () => {
    expect(Object.isFrozen(AUDIT_EVENTS)).toBe(true);
    expect(Object.isFrozen(AUDIT_EVENTS['api_client.authenticated'].outcomes)).toBe(true);
    expect(Object.isFrozen(AUDIT_EVENTS['api_client.authenticated'].details)).toBe(true);
  });

  test('outcomes named in the issue', () => {
    expect(AUDIT_EVENTS['user.password_verified'].outcomes).toEqual(['success', 'failure']);
    expect(AUDIT_EVENTS['api_client.authenticated'].outcomes).toEqual(['success', 'failure', 'denied']);
    expect(AUDIT_EVENTS['staff.granted'].details.role).toContain(STAFF_ROLES[0]);
  });
});
