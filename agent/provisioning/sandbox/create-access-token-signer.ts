// SPDX-License-Identifier: UNLICENSED
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../ports/clock.js';

/** Claims of a sandbox app-only access token (a subset of Entra's v1 app tokens). */
export interface AccessTokenClaims {
  aud: string;
  iss: string;
  tid: string;
  appid: string;
  iat: number;
  nbf: number;
  exp: number;
  /** Sandbox-only: the tenant's token generation at issue (see `TenantData.tokenGeneration`). */
  xms_sbx_gen: number;
}

export interface AccessTokenSigner {
  /** A compact JWS (HS256 under the instance key) carrying `claims`. */
  issue(claims: AccessTokenClaims): string;
  /** The claims of a token this signer issued, or the reason it is refused. Expiry is judged by the Clock. */
  verify(token: string): { ok: true; claims: AccessTokenClaims } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };
}

const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');

/** Signs and checks access tokens with a per-instance key; nothing is stored per token. */
export function createAccessTokenSigner(key: Buffer, clock: Clock): AccessTokenSigner {
  const mac = (data: string): Buffer => createHmac('sha256', key).update(data).digest();
  return {
    issue(claims) {
      const data = `${b64({ typ: 'JWT', alg: 'HS256' })}.${b64(claims)}`;
      return `${data}.${mac(data).toString('base64url')}`;
    },
    verify(token) {
      const parts = token.split('.');
      if (parts.length !== 3) return { ok: false, reason: 'malformed' };
      const [header, payload, sig] = parts as [string, string, string];
      const expected = mac(`${header}.${payload}`);
      const given = Buffer.from(sig, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature' };
      let claims: AccessTokenClaims;
      try {
        claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as AccessTokenClaims;
      } catch {
        return { ok: false, reason: 'malformed' };
      }
      if (claims.exp * 1000 <= clock.now()) return { ok: false, reason: 'expired' };
      return { ok: true, claims };
    },
  };
}
