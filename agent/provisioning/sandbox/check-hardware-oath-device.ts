// SPDX-License-Identifier: UNLICENSED
import { base32Decode } from '../../otp/base32.js';
import { GraphError } from './graph-error.js';
import type { GraphRequest, HandlerContext } from './graph-request.js';
import { resourceNotFound } from './resource-not-found.js';
import type { GraphObject, OathDeviceRecord } from './tenant-data.js';

/** Reference §5.1 / §5.3: required on create; base32 secret of at most 128 characters; 30 or 60 s. */
const REQUIRED = ['serialNumber', 'manufacturer', 'model', 'secretKey', 'timeIntervalInSeconds'] as const;
const SECRET = /^[A-Za-z2-7]{1,128}$/;
const READ_ONLY = ['id', 'status', 'assignedTo', 'lastUsedDateTime'];

function bad(message: string): GraphError {
  return new GraphError(400, 'BadRequest', message);
}

/**
 * Validates one hardwareOathTokenAuthenticationMethodDevice create body (also one item of the bulk PATCH,
 * which may carry `@contentId`) and builds its record: status `available`, or `assigned` with `assignTo`
 * naming an existing user. `hashFunction` defaults to `hmacsha1`.
 */
export function checkHardwareOathDevice(ctx: HandlerContext, req: GraphRequest, raw: unknown, annotations: readonly string[]): OathDeviceRecord {
  const body = ctx.validator.validate(req.version, 'microsoft.graph.hardwareOathTokenAuthenticationMethodDevice', raw, annotations);
  for (const p of READ_ONLY) if (p in body) throw bad(`Property '${p}' is read-only and cannot be set.`);
  for (const p of REQUIRED) if (body[p] === undefined || body[p] === null || body[p] === '') throw bad(`The property '${p}' is required.`);
  const secretText = String(body.secretKey);
  const secret = SECRET.test(secretText) ? base32Decode(secretText) : null;
  if (!secret || secret.length === 0) throw bad("The value of 'secretKey' must be Base32 (characters a-z, A-Z, 2-7), at most 128 characters.");
  if (body.timeIntervalInSeconds !== 30 && body.timeIntervalInSeconds !== 60) throw bad("The value of 'timeIntervalInSeconds' must be 30 or 60.");
  const hashFunction = body.hashFunction ?? 'hmacsha1';
  if (hashFunction !== 'hmacsha1' && hashFunction !== 'hmacsha256') throw bad("The value of 'hashFunction' must be hmacsha1 or hmacsha256.");
  let assignedTo: string | null = null;
  if (body.assignTo !== undefined && body.assignTo !== null) {
    const id = String((body.assignTo as GraphObject).id ?? '').toLowerCase();
    if (!ctx.data.users.has(id)) throw resourceNotFound(id);
    assignedTo = id;
  }
  const props: GraphObject = {
    serialNumber: body.serialNumber, manufacturer: body.manufacturer, model: body.model, timeIntervalInSeconds: body.timeIntervalInSeconds,
    hashFunction, displayName: body.displayName ?? null, status: assignedTo === null ? 'available' : 'assigned', lastUsedDateTime: null,
  };
  return { id: ctx.random.uuid().toLowerCase(), props, secret, assignedTo };
}
