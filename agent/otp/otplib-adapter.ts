// SPDX-License-Identifier: UNLICENSED
/**
 * The only importer of otplib (STYLE.md "Decided for this project"; scripts/layering-rules.json).
 *
 * What otplib is for here: an independent RFC 4226 implementation (its HMACs come from @noble/hashes,
 * not OpenSSL) that `crossCheckOtpEngine` compares our node:crypto engine against. It never verifies
 * codes: bench/otp-engine.ts measures its `verifySync` at a fraction of the raw HMAC limit
 * (performance-anchors.md: 0.17–0.31×), while `findMatchingCounter` stays close to it.
 * Loaded lazily, so its API churn and load time stay out of every path but the check.
 */
import type { OtpAlgorithm, OtpDigits } from './otp-params.js';

/** otplib's names for our algorithms. */
const OTPLIB_ALGORITHM = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' } as const;
/** otplib refuses seeds under 16 bytes by default; legacy tokens carry 10-byte seeds, so allow any non-empty seed. */
const MIN_SECRET_BYTES = 1;

/**
 * The HOTP code otplib computes for these parameters (a TOTP code is the HOTP code of the time step).
 * `counter` must be a safe integer ≥ 0; otplib's own errors (an empty or >64-byte seed) propagate.
 */
export async function otplibHotp(key: Buffer, counter: number, digits: OtpDigits, algorithm: OtpAlgorithm): Promise<string> {
  const { createGuardrails, generateSync } = await import('otplib');
  return generateSync({
    strategy: 'hotp',
    secret: key,
    counter,
    digits,
    algorithm: OTPLIB_ALGORITHM[algorithm],
    guardrails: createGuardrails({ MIN_SECRET_BYTES }),
  });
}
