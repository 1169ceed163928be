// SPDX-License-Identifier: UNLICENSED
/**
 * SAML sign-in responses built and signed per second by `createSamlIdp().buildLoginResponse` (issue 5:
 * at least 0.7 × raw RSA-2048 signing), against raw `crypto.sign('sha256', …, keyObject)` over a
 * SignedInfo-sized message, alternated round by round in the same run so both see the same load.
 * ratio = responses/s ÷ raw signatures/s of the same round, median over rounds. A doubly signed
 * response costs two signatures, so its ratio is also shown per signature (× 2).
 * Usage: npm run build && node dist/bench/saml-response.js [ms-per-burst=400] [rounds=7]
 */
import { randomBytes, sign, X509Certificate, createPrivateKey } from 'node:crypto';
import { createSamlIdp } from '../agent/federation/saml/create-saml-idp.js';
import type { SamlIdp, SamlLoginRequest } from '../agent/federation/saml/saml-idp.js';
import { createSystemClock } from '../agent/ports/clock.js';
import { createSystemRandom } from '../agent/ports/random.js';
import { createSelfSignedCertificate } from '../agent/tls/create-self-signed-certificate.js';
import { measureRate, median } from './measure-rate.js';

const msPerBurst = Number(process.argv[2] ?? 400);
const rounds = Number(process.argv[3] ?? 7);

const rate = (fn: () => unknown): Promise<number> => measureRate(fn, msPerBurst, { batch: 8, warmupMs: 50 });

const now = Date.now();
const { certPem, keyPem } = await createSelfSignedCertificate({ commonName: 'bench token signing', altNames: [], profile: 'signing', now, serial: randomBytes(16) });
const privateKey = createPrivateKey(keyPem);
const certificateDer = new X509Certificate(certPem).raw;
const signingKey = { id: 'bench', privateKey, certificateDer };

const idpFor = (signResponse: boolean): SamlIdp => createSamlIdp({
  messageIds: { remember: async () => true, pruneExpired: async () => 0 },
  clock: createSystemClock(),
  random: createSystemRandom(),
  signingKey: async () => signingKey,
  entraCertificates: [],
  requireSignedRequests: false,
  signResponse,
  ssoUrls: [],
  sloUrls: [],
});
const request: SamlLoginRequest = {
  id: '_1e089e5c-a976-4881-af74-3b92c89e7e2c', issuer: 'urn:federation:MicrosoftOnline', issueInstant: now, acsUrl: 'https://login.microsoftonline.com/login.srf',
  forceAuthn: false, isPassive: false, requestedAuthnContexts: [], signed: false, relayState: 'https://portal.office.com/landing?ctx=abc',
};
const build = (idp: SamlIdp) => () => idp.buildLoginResponse({
  request, issuer: 'https://mfa.contoso.com/federation/saml/contoso.com', user: { upn: 'alice@contoso.com', immutableId: 'Zm9vYmFyLWJhei1xdXV4LTAxMjM0NTY3+/w==' },
  authnInstant: Date.now(), mfa: true, insideCorporateNetwork: false, sessionIndex: '_0123456789abcdef0123456789abcdef',
});

const signedInfo = Buffer.alloc(700, 'a');
const rawSign = (): Buffer => sign('sha256', signedInfo, privateKey);

const cases = [
  { name: 'Response, Assertion signed', fn: build(idpFor(false)), signatures: 1 },
  { name: 'Response and Assertion signed', fn: build(idpFor(true)), signatures: 2 },
];
console.log(`node ${process.version}; RSA-2048; each case alternates ${rounds} × ${msPerBurst} ms with raw crypto.sign (medians)`);
console.log(`${'case'.padEnd(32)}${'raw sign/s'.padStart(12)}${'responses/s'.padStart(13)}${'ratio'.padStart(8)}${'per signature'.padStart(15)}`);
for (const c of cases) {
  const raw: number[] = [];
  const ours: number[] = [];
  for (let r = 0; r < rounds; r++) {
    raw.push(await rate(rawSign));
    ours.push(await rate(c.fn));
  }
  const ratio = median(ours.map((x, r) => x / (raw[r] ?? NaN)));
  console.log(`${c.name.padEnd(32)}${median(raw).toFixed(0).padStart(12)}${median(ours).toFixed(0).padStart(13)}${ratio.toFixed(2).padStart(8)}${(ratio * c.signatures).toFixed(2).padStart(15)}`);
}
