// SPDX-License-Identifier: UNLICENSED
import { crossCheckOtpEngine } from '../../otp/cross-check-otp-engine.js';
import type { Random } from '../../ports/random.js';
import type { DoctorCheck } from './doctor-check.js';

/**
 * The OTP engine against the RFC 6238 vectors and an independent implementation (otplib) on random
 * seeds, counters and parameters: catches a broken crypto build or a miscompiled engine before users do.
 */
export async function checkOtpEngine(random: Random): Promise<DoctorCheck> {
  const r = await crossCheckOtpEngine(random);
  return r.ok
    ? { name: 'OTP engine', status: 'ok', detail: `${r.checked} codes agree with RFC 6238 and otplib` }
    : {
      name: 'OTP engine', status: 'fail', detail: `${r.mismatches.length} of ${r.checked} codes differ from the reference`,
      fix: 'the Node.js/OpenSSL build computes wrong HMACs: reinstall Node.js from the distribution', data: { mismatches: r.mismatches },
    };
}
