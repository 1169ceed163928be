// SPDX-License-Identifier: UNLICENSED
import type { Actor } from '../../actor.js';
import type { AuditLog } from '../../audit/audit-log.js';
import { MfaError } from '../../errors.js';
import { base32Encode } from '../../otp/base32.js';
import type { OtpVerifier } from '../../otp/create-otp-verifier.js';
import { SEED_PURPOSE } from '../../otp/seed-purpose.js';
import type { Store } from '../../store/store.js';
import type { Vault } from '../../vault/vault.js';
import type { GraphClient } from '../graph/graph-client.js';

export interface RegisterOathTokenDeps {
  store: Store;
  vault: Vault;
  audit: AuditLog;
  verifier: OtpVerifier;
  graph: Pick<GraphClient, 'createHardwareOathDevice' | 'findHardwareOathDevice' | 'assignHardwareOathDevice' | 'activateHardwareOathMethod' | 'getUserByImmutableId'>;
}

export interface RegisteredOathToken {
  serial: string;
  deviceId: string;
  methodId: string;
  entraUserId: string;
  /** True when the device already existed in Entra (a rerun after a crash or a partial registration). */
  existed: boolean;
}

/**
 * Makes Entra know an active hardware token of ours (reference §5), for tenants that let Entra verify
 * codes itself: create the `hardwareOathDevice` (serial, manufacturer, model, Base32 secret, step, hash),
 * assign it to the user's Entra object, activate it with a current code.
 * Rules: only TOTP hardware tokens with SHA-1 or SHA-256, 6 digits, 30 or 60 s (what Entra accepts); the
 * user must exist in Entra (matched by immutable id); the code is checked here first, spending it under
 * the usual replay guard and lockout, so a wrong code never reaches Entra; a device that already exists
 * with that serial is reused (reruns are safe), one assigned to someone else is refused.
 */
export async function registerOathToken(deps: RegisterOathTokenDeps, serial: string, code: string, actor: Actor): Promise<RegisteredOathToken> {
  const { store, vault, audit, verifier, graph } = deps;
  const token = await store.tokens.getBySerial(serial.trim());
  if (!token) throw new MfaError('ERR_NOT_FOUND', `no token with serial ${JSON.stringify(serial)}`, { data: { serial } });
  const refuse = (why: string) => new MfaError('ERR_TOKEN_STATE', `token ${token.serial} cannot be registered in Entra: ${why}`, { data: { serial: token.serial } });
  if (token.state !== 'active' || !token.userId || !token.seedSecretId) throw refuse(`it is ${token.state}${token.userId ? '' : ' and unassigned'} (assign and activate it first)`);
  if (token.kind !== 'hardware_totp') throw refuse('Entra takes hardware TOTP tokens only');
  if (token.algorithm === 'SHA512' || token.digits !== 6) throw refuse('Entra takes SHA-1 or SHA-256 with 6 digits only');
  const user = await store.users.getById(token.userId);
  if (!user) throw refuse('its user no longer exists');
  const entraUser = await graph.getUserByImmutableId(user.immutableId);
  if (!entraUser) throw new MfaError('ERR_NOT_FOUND', `${user.upn} does not exist in Entra yet: run \`mfa-appliance graph sync\` first`, { data: { upn: user.upn } });

  const check = await verifier.verifyToken(token, code, 'active', 'enrolment', actor);
  if (!check.ok) throw new MfaError('ERR_INVALID_INPUT', `the code was not accepted (${check.reason}): enter the code the token shows now`, { data: { reason: check.reason } });

  let device = await graph.findHardwareOathDevice(token.serial);
  const existed = device !== null;
  if (device?.assignedTo && device.assignedTo.id !== entraUser.id) throw refuse(`Entra already assigns serial ${token.serial} to another user`);
  if (device?.assignedTo) {
    throw refuse(`Entra already assigns serial ${token.serial} to ${user.upn} (${String(device.status ?? 'assigned')}); activate or remove it in the Entra admin center`);
  }
  if (!device) {
    const secret = await vault.open(token.seedSecretId, SEED_PURPOSE);
    try {
      device = await graph.createHardwareOathDevice({
        serialNumber: token.serial, manufacturer: token.manufacturer || 'Unknown', model: token.model || 'Unknown',
        secretKey: base32Encode(secret), timeIntervalInSeconds: token.period,
        hashFunction: token.algorithm === 'SHA256' ? 'hmacsha256' : 'hmacsha1',
      });
    } finally {
      secret.fill(0);
    }
  }
  const methodId = await graph.assignHardwareOathDevice(entraUser.id, device.id);
  await graph.activateHardwareOathMethod(entraUser.id, methodId, code.trim());
  await audit.record({
    event: 'graph.oath_token_registered', actor: actor.id, source: actor.source, subject: token.serial, outcome: 'success',
    details: { tokenId: token.id, userId: user.id, upn: user.upn, entraUserId: entraUser.id, deviceId: device.id, existed },
  });
  return { serial: token.serial, deviceId: device.id, methodId, entraUserId: entraUser.id, existed };
}
