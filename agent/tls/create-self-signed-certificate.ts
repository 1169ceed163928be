// SPDX-License-Identifier: UNLICENSED
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';

export interface SelfSignedOptions {
  commonName: string;
  /** subjectAltName DNS names and IP addresses; entries that parse as IPs become IP SANs. */
  altNames: readonly string[];
  /** Validity from now. @default 397 (the browser maximum for server certificates) */
  days?: number;
  /** RSA modulus length. @default 2048 */
  modulusLength?: number;
  /** Key usage profile: `server` adds serverAuth EKU; `signing` is for SAML/WS-Fed token signing. */
  profile: 'server' | 'signing';
  now: number;
  /** 16 random bytes for the serial number. */
  serial: Buffer;
}

/**
 * The only user of @peculiar/x509: an RSA-SHA256 self-signed certificate and its PKCS#8 key. The key
 * comes back as PEM (`keyPem`), or with `keyFormat: 'der'` as PKCS#8 DER only (`keyDer`, a Buffer the
 * caller seals and then zeroes; no PEM string of it is ever made). The serial is forced positive (high
 * bit cleared), as RFC 5280 §4.1.2.2 requires.
 */
export async function createSelfSignedCertificate(opts: SelfSignedOptions & { keyFormat?: 'pem' }): Promise<{ certPem: string; keyPem: string }>;
export async function createSelfSignedCertificate(opts: SelfSignedOptions & { keyFormat: 'der' }): Promise<{ certPem: string; keyDer: Buffer }>;
export async function createSelfSignedCertificate(
  opts: SelfSignedOptions & { keyFormat?: 'pem' | 'der' },
): Promise<{ certPem: string; keyPem: string } | { certPem: string; keyDer: Buffer }> {
  const crypto = webcrypto;
  x509.cryptoProvider.set(crypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const alg = {
    name: 'RSASSA-PKCS1-v1_5',
    hash: 'SHA-256',
    publicExponent: new Uint8Array([1, 0, 1]),
    modulusLength: opts.modulusLength ?? 2048,
  };
  const keys = (await crypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const serial = Buffer.from(opts.serial);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const notBefore = new Date(opts.now - 5 * 60_000);
  const notAfter = new Date(opts.now + (opts.days ?? 397) * 86_400_000);
  const san = new x509.SubjectAlternativeNameExtension(
    opts.altNames.map((n) => (isIP(n) ? { type: 'ip' as const, value: n } : { type: 'dns' as const, value: n })),
  );
  const usage =
    opts.profile === 'server'
      ? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment
      : x509.KeyUsageFlags.digitalSignature;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(usage, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  if (opts.altNames.length > 0) extensions.push(san);
  if (opts.profile === 'server') extensions.push(new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]));
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial.toString('hex'),
    name: `CN=${opts.commonName.replace(/[,+="\\<>;]/g, '')}`,
    notBefore,
    notAfter,
    signingAlgorithm: alg,
    keys,
    extensions,
  });
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
  if (opts.keyFormat === 'der') return { certPem: `${cert.toString('pem')}\n`, keyDer: pkcs8 };
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END PRIVATE KEY-----\n`;
  return { certPem: `${cert.toString('pem')}\n`, keyPem };
}
