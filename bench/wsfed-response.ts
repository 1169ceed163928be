// SPDX-License-Identifier: UNLICENSED
/**
 * WS-Fed sign-in responses (RSTR with a signed SAML 1.1 assertion) built and signed per second by
 * `createWsfedIdp().buildSigninResponse`, against raw RSA-2048 RSA-SHA256 `crypto.sign` with a KeyObject
 * in the same run (issue 5: the goal is ≥ 0.7 × raw signing). Rounds alternate raw and RSTR bursts so
 * both see the same load; ratio = median over rounds of RSTRs/s ÷ raw signs/s of the same round.
 * Every RSTR is built with a fresh assertion ID and signed (one RSA signature each); the message given
 * to raw `crypto.sign` is a SignedInfo-sized buffer (the key operation dominates either way).
 * Usage: npm run build && node dist/bench/wsfed-response.js [ms-per-burst=300] [rounds=7]
 */
import { createPrivateKey, randomBytes, sign, X509Certificate } from 'node:crypto';
import { createWsfedIdp } from '../agent/federation/wsfed/create-wsfed-idp.js';
import type { WsfedSigninInput } from '../agent/federation/wsfed/wsfed-idp.js';
import { createSystemRandom } from '../agent/ports/random.js';
import { createSelfSignedCertificate } from '../agent/tls/create-self-signed-certificate.js';
import { measureRate, median } from './measure-rate.js';

const msPerBurst = Number(process.argv[2] ?? 300);
const rounds = Number(process.argv[3] ?? 7);

const rate = (fn: () => unknown): Promise<number> => measureRate(fn, msPerBurst, { batch: 8, warmupMs: 30 });

const { certPem, keyPem } = await createSelfSignedCertificate({
  commonName: 'bench signing', altNames: [], profile: 'signing', now: Date.now(), serial: randomBytes(16),
});
const key = { id: 'bench', privateKey: createPrivateKey(keyPem), certificateDer: new X509Certificate(certPem).raw };
const idp = createWsfedIdp({ clock: { now: () => Date.now() }, random: createSystemRandom(), signingKey: async () => key });
const request = idp.readRequest({ wa: 'wsignin1.0', wtrealm: 'urn:federation:MicrosoftOnline', wctx: 'LoginOptions=3&estsredirect=2&estsrequest=rQIIAbPSySgpKbDS1y8vL9fLTMvJzNVLzs_Vzy9KT8wDsoqEuAQE' });
if (request.action !== 'wsignin1.0') throw new Error('not a sign-in request');
const input: WsfedSigninInput = {
  request, issuer: 'https://idp.contoso.example/contoso.com', user: { upn: 'alice.example@contoso.com', immutableId: 'Zm9vYmFyYmF6cXV4MTIzNA==' },
  authnInstant: Date.now(), mfa: true, insideCorporateNetwork: false,
};
const sample = await idp.buildSigninResponse(input);
const signedInfoSized = Buffer.alloc(750, 0x61);
const rawSign = (): Buffer => sign('sha256', signedInfoSized, key.privateKey);
const rstr = (): Promise<unknown> => idp.buildSigninResponse(input);

const raw: number[] = [];
const built: number[] = [];
for (let r = 0; r < rounds; r++) {
  raw.push(await rate(rawSign));
  built.push(await rate(rstr));
}
const ratios = built.map((b, r) => b / (raw[r] ?? NaN));
const rawMedian = median(raw);
const builtMedian = median(built);
console.log(`node ${process.version}; ${rounds} alternating rounds × ${msPerBurst} ms; RSTR ${sample.fields.wresult.length} chars (wresult)`);
console.log(`raw RSA-2048 crypto.sign (KeyObject): ${rawMedian.toFixed(0)}/s   per round: ${raw.map((x) => x.toFixed(0)).join(' ')}`);
console.log(`WS-Fed RSTR built + signed:          ${builtMedian.toFixed(0)}/s   per round: ${built.map((x) => x.toFixed(0)).join(' ')}`);
console.log(`ratio (median of per-round ratios): ${median(ratios).toFixed(3)}   XML cost per response ≈ ${(1e6 / builtMedian - 1e6 / rawMedian).toFixed(1)} µs`);
