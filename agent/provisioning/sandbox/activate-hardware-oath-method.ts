// SPDX-License-Identifier: UNLICENSED
import { hotp } from '../../otp/hotp.js';
import { totpStep } from '../../otp/totp-step.js';
import { findHardwareOathMethod } from './find-hardware-oath-method.js';
import { GraphError } from './graph-error.js';
import type { GraphHandler } from './graph-request.js';

/** Reference §5.4: Entra's OATH tokens are TOTP, 6 digits. */
const DIGITS = 6;
const DEFAULT_WINDOW_STEPS = 1;

/**
 * `POST /beta/users/{id}/authentication/hardwareOathMethods/{methodId}/activate`
 * `{ "verificationCode": "588651", "displayName"? }` → 204 (reference §5.2). The code is checked as RFC 6238
 * TOTP (HMAC-SHA-1 or -SHA-256 per `hashFunction`, the device's 30/60 s period) within ±`oathActivationWindowSteps`
 * steps of the Clock. A wrong code is 400 and marks the device `failedActivation`.
 */
export const activateHardwareOathMethod: GraphHandler = (ctx, req) => {
  const { device } = findHardwareOathMethod(ctx.data, req);
  const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
  for (const k of Object.keys(body)) {
    if (k !== 'verificationCode' && k !== 'displayName') throw new GraphError(400, 'BadRequest', `The parameter '${k}' in the request payload is not a valid parameter for the operation 'activate'.`);
  }
  const code = body.verificationCode;
  if (typeof code !== 'string' || !/^\d{6}$/.test(code)) throw new GraphError(400, 'BadRequest', "The parameter 'verificationCode' must be a 6-digit code.");
  if (device.props.status === 'activated') throw new GraphError(400, 'BadRequest', 'The token is already activated.');
  const period = device.props.timeIntervalInSeconds === 60 ? 60 : 30;
  const algorithm = device.props.hashFunction === 'hmacsha256' ? 'SHA256' : 'SHA1';
  const step = totpStep(ctx.clock.now(), period);
  const window = ctx.options.oathActivationWindowSteps ?? DEFAULT_WINDOW_STEPS;
  let ok = false;
  for (let d = -window; d <= window && !ok; d += 1) ok = step + d >= 0 && hotp(device.secret, step + d, DIGITS, algorithm) === code;
  if (!ok) {
    device.props.status = 'failedActivation';
    throw new GraphError(400, 'BadRequest', 'The verification code is invalid.');
  }
  device.props.status = 'activated';
  if (typeof body.displayName === 'string') device.props.displayName = body.displayName;
  ctx.countWrite('activate hardwareOathMethod');
  return { status: 204, headers: {} };
};
