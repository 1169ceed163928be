// SPDX-License-Identifier: UNLICENSED
import { constants, createHash, verify as verifySignature } from 'node:crypto';
import type { AppRecord } from './tenant-data.js';

/** An AADSTS error: numeric code and the `error` field of the token response. */
export interface AadstsFailure {
  ok: false;
  error: string;
  code: number;
  description: string;
}

/** Clock skew tolerated on `nbf`/`exp` (seconds). */
const SKEW_SECONDS = 300;

function decode(part: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * RFC 7523 client assertion as MSAL builds it (`ClientAssertion.createJwt`): header `alg` RS256 with `x5t`
 * (SHA-1 thumbprint) or PS256 with `x5t#S256`; claims `aud` = token endpoint, `iss` = `sub` = client id,
 * `nbf`, `exp`. The key is the registered certificate the thumbprint names; the signature is checked with
 * node:crypto. Failures are AADSTS-style (codes per Entra's error table).
 */
export function verifyClientAssertion(jwt: string, app: AppRecord, audiences: readonly string[], nowMs: number): { ok: true } | AadstsFailure {
  const fail = (code: number, description: string, error = 'invalid_client'): AadstsFailure => ({ ok: false, error, code, description });
  const parts = jwt.split('.');
  const header = parts.length === 3 ? decode(parts[0] ?? '') : null;
  const claims = parts.length === 3 ? decode(parts[1] ?? '') : null;
  if (!header || !claims) return fail(50027, 'JWT token is invalid or malformed.', 'invalid_request');
  const alg = header.alg;
  if (alg !== 'RS256' && alg !== 'PS256') return fail(5002738, `Invalid JWT token. '${String(alg)}' is not a supported signature algorithm.`);
  const thumb = typeof header['x5t#S256'] === 'string' ? { hash: 'sha256', value: header['x5t#S256'] } : typeof header.x5t === 'string' ? { hash: 'sha1', value: header.x5t } : null;
  const cert = thumb ? app.certificates.find((c) => createHash(thumb.hash).update(c.raw).digest('base64url') === thumb.value) : undefined;
  if (!cert) {
    return fail(700027, `Client assertion failed signature validation. [Reason - The key was not found., Thumbprint of key used by client: '${String(thumb?.value ?? '')}']`);
  }
  const data = Buffer.from(`${parts[0] ?? ''}.${parts[1] ?? ''}`);
  const signature = Buffer.from(parts[2] ?? '', 'base64url');
  const key = alg === 'PS256'
    ? { key: cert.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
    : { key: cert.publicKey, padding: constants.RSA_PKCS1_PADDING };
  if (!verifySignature('sha256', data, key, signature)) return fail(700027, 'Client assertion failed signature validation.');
  if (claims.iss !== claims.sub || String(claims.iss).toLowerCase() !== app.clientId) {
    return fail(700021, `Client assertion application identifier doesn't match 'client_id' parameter.`);
  }
  if (typeof claims.aud !== 'string' || !audiences.includes(claims.aud)) {
    return fail(700212, `The client assertion audience claim ('aud') is invalid. Expected one of: ${audiences.join(', ')}.`);
  }
  const now = nowMs / 1000;
  const exp = Number(claims.exp);
  const nbf = claims.nbf === undefined ? 0 : Number(claims.nbf);
  if (!Number.isFinite(exp) || exp + SKEW_SECONDS < now || nbf - SKEW_SECONDS > now) {
    return fail(700024, 'Client assertion is not within its valid time range.');
  }
  return { ok: true };
}
