// SPDX-License-Identifier: UNLICENSED
/**
 * Tokens → Microsoft Graph beta `hardwareOathTokenAuthenticationMethodDevice` bodies for
 * `POST /beta/directory/authenticationMethodDevices/hardwareOathDevices` (one token) and the bulk
 * `PATCH …/hardwareOathDevices` body `{"@context":"#$delta","value":[{"@contentId":"1",…}]}`.
 * `secretKey` is unpadded upper-case Base32; `timeIntervalInSeconds` is the Int32 30 or 60 (the
 * beta schema's type); `hashFunction` is `hmacsha1` or `hmacsha256`. `assignTo: { id }` is added
 * when a user object id is given.
 * Entra takes TOTP with SHA-1 or SHA-256, 30 or 60 s; serial, manufacturer and model are required.
 * Entra verifies 6-digit codes, so 8-digit tokens are refused too. All offending serials are listed
 * in one `ERR_INVALID_INPUT`.
 */
import { base32Encode } from '../base32.js';
import type { OtpPeriod } from '../otp-params.js';
import { refuseUnexportable, type ExportableToken } from './exportable-token.js';

export interface GraphHardwareOathDevice {
  serialNumber: string;
  manufacturer: string;
  model: string;
  secretKey: string;
  timeIntervalInSeconds: OtpPeriod;
  hashFunction: 'hmacsha1' | 'hmacsha256';
  assignTo?: { id: string };
}

export interface GraphHardwareOathEntry {
  token: ExportableToken;
  /** Entra user object id to assign the token to on creation. */
  assignToUserId?: string;
}

export interface GraphHardwareOathBatch {
  '@context': '#$delta';
  value: (GraphHardwareOathDevice & { '@contentId': string })[];
}

export function formatGraphHardwareOath(entry: GraphHardwareOathEntry): GraphHardwareOathDevice {
  return formatGraphHardwareOathBatch([entry]).value.map(({ '@contentId': _id, ...device }) => device)[0]!;
}

export function formatGraphHardwareOathBatch(entries: readonly GraphHardwareOathEntry[]): GraphHardwareOathBatch {
  const tokens = entries.map((e) => e.token);
  refuseUnexportable('Entra hardware OATH (Graph)', tokens, [
    { reason: 'not TOTP (Entra has no HOTP)', breaks: (t) => t.type !== 'totp' },
    { reason: 'not HMAC-SHA1 or HMAC-SHA256', breaks: (t) => t.algorithm !== 'SHA1' && t.algorithm !== 'SHA256' },
    { reason: 'not 6 digits', breaks: (t) => t.digits !== 6 },
    { reason: 'time step not 30 or 60 s', breaks: (t) => t.period !== 30 && t.period !== 60 },
    { reason: 'no serial number, manufacturer or model', breaks: (t) => !t.serial.trim() || !t.manufacturer.trim() || !t.model.trim() },
  ]);
  return {
    '@context': '#$delta',
    value: entries.map(({ token, assignToUserId }, i) => ({
      '@contentId': String(i + 1),
      serialNumber: token.serial,
      manufacturer: token.manufacturer,
      model: token.model,
      secretKey: base32Encode(token.secret),
      timeIntervalInSeconds: token.period as OtpPeriod,
      hashFunction: token.algorithm === 'SHA256' ? 'hmacsha256' : 'hmacsha1',
      ...(assignToUserId === undefined ? {} : { assignTo: { id: assignToUserId } }),
    })),
  };
}
