// SPDX-License-Identifier: UNLICENSED
/** Published vectors shared by the OTP engine tests (token-hardware.md §8, peers-security.md §5). */
import type { OtpAlgorithm } from '../../../agent/otp/otp-params.js';

/** RFC 4226 Appendix D: key ASCII "12345678901234567890", counters 0–9, 6 digits. */
export const RFC4226_KEY = Buffer.from('12345678901234567890', 'ascii');
export const RFC4226_CODES = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];

/** RFC 6238 Appendix B seeds: "1234567890" repeated to 20, 32 and 64 bytes (reference code; errata 2866). */
export const RFC6238_SEEDS: Record<OtpAlgorithm, Buffer> = {
  SHA1: Buffer.from('12345678901234567890', 'ascii'),
  SHA256: Buffer.from('12345678901234567890123456789012', 'ascii'),
  SHA512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234', 'ascii'),
};

/** RFC 6238 Appendix B, X = 30, 8 digits: [unix seconds, algorithm, code]. */
export const RFC6238_VECTORS: [number, OtpAlgorithm, string][] = [
  [59, 'SHA1', '94287082'], [59, 'SHA256', '46119246'], [59, 'SHA512', '90693936'],
  [1111111109, 'SHA1', '07081804'], [1111111109, 'SHA256', '68084774'], [1111111109, 'SHA512', '25091201'],
  [1111111111, 'SHA1', '14050471'], [1111111111, 'SHA256', '67062674'], [1111111111, 'SHA512', '99943326'],
  [1234567890, 'SHA1', '89005924'], [1234567890, 'SHA256', '91819424'], [1234567890, 'SHA512', '93441116'],
  [2000000000, 'SHA1', '69279037'], [2000000000, 'SHA256', '90698825'], [2000000000, 'SHA512', '38618901'],
  [20000000000, 'SHA1', '65353130'], [20000000000, 'SHA256', '77737706'], [20000000000, 'SHA512', '47863826'],
];
