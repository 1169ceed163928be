// SPDX-License-Identifier: UNLICENSED
/**
 * TOTP verifications per second of `findMatchingCounter` (issue 3: a valid code must reach ≥ 80 % of the
 * raw HMAC limit, counting HMACs per second, for the same window), with otplib 13 and otpauth 9 as peers.
 * Each case is measured against raw `crypto.createHmac` HMAC-SHA1 in the same run; read the ratios.
 * ratio = verifications/s × HMACs per verification ÷ raw HMACs/s measured just before, median over rounds.
 * The HMAC count is what our nearest-first search needs (1 for the current code, 2w for the code w steps
 * behind, 2w + 1 for a wrong code) and is used for the peers too: a peer that walks the window in
 * another order (otplib starts at the oldest step) can exceed 1 in the case its order favours.
 * Usage: npm run build && node dist/bench/otp-engine.js [ms-per-burst=80] [rounds=7]
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import { verify as otplibVerify, verifySync as otplibVerifySync } from 'otplib';
import { findMatchingCounter } from '../agent/otp/find-matching-counter.js';
import { hotp } from '../agent/otp/hotp.js';
import { totpStep } from '../agent/otp/totp-step.js';
import { measureRate, median } from './measure-rate.js';

const msPerBurst = Number(process.argv[2] ?? 80);
const rounds = Number(process.argv[3] ?? 7);
const PERIOD = 30;
const key = randomBytes(20);
const nowMs = 1_767_225_615_000;
const step = totpStep(nowMs, PERIOD);

const rate = (fn: () => unknown): Promise<number> => measureRate(fn, msPerBurst, { batch: 64, warmupMs: 20 });

const message = Buffer.alloc(8);
const rawHmac = (): Buffer => {
  message.writeUInt32BE(step, 4);
  return createHmac('sha1', key).update(message).digest();
};
/** What comparing with `timingSafeEqual` would add to one HMAC: two fresh 8-byte Buffers and the call. */
const hmacWithTimingSafeEqual = (): boolean => {
  const expected = Buffer.allocUnsafe(8);
  const submitted = Buffer.allocUnsafe(8);
  expected.writeUInt32BE(0, 0);
  expected.writeUInt32BE(step, 4);
  submitted.writeBigUInt64BE(0n, 0);
  createHmac('sha1', key).update(expected).digest();
  return timingSafeEqual(expected, submitted);
};

interface Case { name: string; window: number; code: string; hmacs: number }
const codeAt = (offset: number): string => hotp(key, step + offset, 6, 'SHA1');
const cases: Case[] = [];
for (const w of [1, 15]) {
  const inWindow = new Set(Array.from({ length: 2 * w + 1 }, (_, i) => codeAt(i - w)));
  const wrong = Array.from({ length: 1000 }, (_, i) => String(i).padStart(6, '0')).find((c) => !inWindow.has(c)) ?? '';
  cases.push(
    { name: `±${w} right, current step`, window: w, code: codeAt(0), hmacs: 1 },
    { name: `±${w} right, ${w} behind`, window: w, code: codeAt(-w), hmacs: 2 * w },
    { name: `±${w} wrong`, window: w, code: wrong, hmacs: 2 * w + 1 },
  );
}

const secret = new Uint8Array(key);
const otpauthTotp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromHex(key.toString('hex')), algorithm: 'SHA1', digits: 6, period: PERIOD });
const verifiers: { name: string; make: (c: Case) => () => unknown }[] = [
  { name: 'ours findMatchingCounter', make: (c) => () => findMatchingCounter({ key, code: c.code, algorithm: 'SHA1', digits: 6, center: step, behind: c.window, ahead: c.window }) },
  { name: 'otplib verifySync', make: (c) => () => otplibVerifySync({ secret, token: c.code, epoch: nowMs / 1000, epochTolerance: c.window * PERIOD }) },
  { name: 'otplib verify (async)', make: (c) => () => otplibVerify({ secret, token: c.code, epoch: nowMs / 1000, epochTolerance: c.window * PERIOD }) },
  { name: 'otpauth validate', make: (c) => () => otpauthTotp.validate({ token: c.code, timestamp: nowMs, window: c.window }) },
];

for (const c of cases) {
  const expectMatch = !c.name.includes('wrong');
  const ours = findMatchingCounter({ key, code: c.code, algorithm: 'SHA1', digits: 6, center: step, behind: c.window, ahead: c.window });
  const peer = otpauthTotp.validate({ token: c.code, timestamp: nowMs, window: c.window });
  const lib = otplibVerifySync({ secret, token: c.code, epoch: nowMs / 1000, epochTolerance: c.window * PERIOD });
  if ((ours !== null) !== expectMatch || (peer !== null) !== expectMatch || lib.valid !== expectMatch) throw new Error(`case ${c.name} is not what it claims`);
}

/** Alternates `fn` with the raw HMAC, `rounds` times each, so both see the same load; per-round ratios. */
async function paired(fn: () => unknown, hmacs: number): Promise<{ perSec: number; ratio: number; limit: number }> {
  const perSec: number[] = [];
  const limits: number[] = [];
  for (let r = 0; r < rounds; r++) {
    limits.push(await rate(rawHmac));
    perSec.push(await rate(fn));
  }
  return { perSec: median(perSec), ratio: median(perSec.map((x, r) => (x * hmacs) / (limits[r] ?? NaN))), limit: median(limits) };
}

const compare = await paired(hmacWithTimingSafeEqual, 1);
console.log(`node ${process.version}; each line alternates ${rounds} × ${msPerBurst} ms with raw HMACs (medians); HMAC-SHA1, 20-byte key, 6 digits, 30 s`);
console.log(`raw createHmac: ${(compare.limit / 1000).toFixed(0)}k HMACs/s (the limit)`);
console.log(`the same HMAC plus two 8-byte Buffers and timingSafeEqual: ${compare.ratio.toFixed(2)} × the limit\n`);
console.log(`${'case'.padEnd(26)}${'verifier'.padEnd(26)}${'verif/s'.padStart(10)}${'HMACs/verif'.padStart(13)}${'ratio'.padStart(8)}`);
for (const c of cases) {
  for (const v of verifiers) {
    const { perSec, ratio } = await paired(v.make(c), c.hmacs);
    console.log(`${c.name.padEnd(26)}${v.name.padEnd(26)}${perSec.toFixed(0).padStart(10)}${String(c.hmacs).padStart(13)}${ratio.toFixed(2).padStart(8)}`);
  }
}
