// SPDX-License-Identifier: UNLICENSED
import type { Random } from '../ports/random.js';
import { hotp } from './hotp.js';
import { otplibHotp } from './otplib-adapter.js';
import { OTP_ALGORITHMS, OTP_DIGITS, type OtpAlgorithm, type OtpDigits } from './otp-params.js';

/** RFC 6238 Appendix B seeds: ASCII "1234567890" repeated to the HMAC output length (reference code, errata 2866). */
const RFC6238_SEED: Record<OtpAlgorithm, Buffer> = {
  SHA1: Buffer.from('1234567890'.repeat(2), 'ascii'),
  SHA256: Buffer.from('1234567890'.repeat(4).slice(0, 32), 'ascii'),
  SHA512: Buffer.from('1234567890'.repeat(7).slice(0, 64), 'ascii'),
};
/** RFC 6238 Appendix B, 8 digits, X = 30: T = 59 (step 1) and T = 20000000000 (step 666666666, after 2038). */
const KNOWN_ANSWERS: readonly { algorithm: OtpAlgorithm; step: number; code: string }[] = [
  { algorithm: 'SHA1', step: 1, code: '94287082' },
  { algorithm: 'SHA256', step: 1, code: '46119246' },
  { algorithm: 'SHA512', step: 1, code: '90693936' },
  { algorithm: 'SHA1', step: 666666666, code: '65353130' },
  { algorithm: 'SHA256', step: 666666666, code: '77737706' },
  { algorithm: 'SHA512', step: 666666666, code: '47863826' },
];

/** One disagreement. Never carries the seed. */
export interface OtpEngineMismatch {
  source: 'rfc6238' | 'otplib';
  algorithm: OtpAlgorithm;
  digits: OtpDigits;
  counter: number;
  ours: string;
  expected: string;
}

export interface OtpEngineCheck {
  ok: boolean;
  /** How many codes were compared. */
  checked: number;
  mismatches: OtpEngineMismatch[];
}

/**
 * A known-answer self-test of `hotp` for a health check (e.g. `doctor` or start-up): the RFC 6238
 * Appendix B codes for all three hashes, then `samples` random cases compared with otplib, an
 * independent implementation. The random cases cycle through every algorithm × digits pair and use
 * seeds of 16–64 bytes and 48-bit counters (so beyond 2^32). Disagreement is a return value
 * (`ok: false`); only a failure inside otplib throws.
 */
export async function crossCheckOtpEngine(random: Random, samples = 12): Promise<OtpEngineCheck> {
  const mismatches: OtpEngineMismatch[] = [];
  for (const { algorithm, step, code } of KNOWN_ANSWERS) {
    const ours = hotp(RFC6238_SEED[algorithm], step, 8, algorithm);
    if (ours !== code) mismatches.push({ source: 'rfc6238', algorithm, digits: 8, counter: step, ours, expected: code });
  }
  for (let i = 0; i < samples; i++) {
    const algorithm = OTP_ALGORITHMS[i % OTP_ALGORITHMS.length] ?? 'SHA1';
    const digits = OTP_DIGITS[Math.floor(i / OTP_ALGORITHMS.length) % OTP_DIGITS.length] ?? 6;
    const draw = random.bytes(7);
    const key = random.bytes(16 + (draw.readUInt8(0) % 49));
    const counter = draw.readUIntBE(1, 6);
    const ours = hotp(key, counter, digits, algorithm);
    const expected = await otplibHotp(key, counter, digits, algorithm);
    if (ours !== expected) mismatches.push({ source: 'otplib', algorithm, digits, counter, ours, expected });
  }
  return { ok: mismatches.length === 0, checked: KNOWN_ANSWERS.length + samples, mismatches };
}
