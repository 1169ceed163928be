// SPDX-License-Identifier: UNLICENSED
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { inspect } from 'node:util';
import { MfaError } from '../../errors.js';
import type { Clock } from '../../ports/clock.js';
import type { Vault } from '../../vault/vault.js';

/** Vault purposes of the app credential (one per kind, so a secret can never be opened as a key). */
export const GRAPH_SECRET_PURPOSE = 'graph-client-secret';
export const GRAPH_CERTIFICATE_PURPOSE = 'graph-client-certificate';

/** What an admin hands in. A certificate is preferred (reference §4.9). */
export type GraphCredentialInput =
  | { kind: 'secret'; secret: string }
  | { kind: 'certificate'; privateKeyPem: string; certificatePem: string };

/**
 * Where the sealed credential is, plus public facts about it; safe to persist, log and show.
 * The caller keeps it (a settings row) and passes it back to `loadGraphCredential`.
 */
export interface GraphCredentialRef {
  kind: 'secret' | 'certificate';
  /** Vault id of the sealed secret or PEM bundle. */
  secretId: string;
  /** Certificate facts (null for a secret): upper-case hex SHA-1 and SHA-256 thumbprints, subject, expiry. */
  certificate: { sha1: string; sha256: string; subject: string; notAfter: string } | null;
}

/** The opened credential. The secret is readable only through `reveal()`; JSON and inspect show the kind alone. */
export interface GraphCredential {
  readonly kind: 'secret' | 'certificate';
  /** The client secret, or the PEM bundle (private key then certificate) `ClientCertificateCredential` takes. */
  reveal(): string;
}

class OpenedCredential implements GraphCredential {
  readonly kind: 'secret' | 'certificate';
  readonly #value: string;
  constructor(kind: 'secret' | 'certificate', value: string) {
    this.kind = kind;
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toJSON(): object {
    return { kind: this.kind };
  }
  [inspect.custom](): string {
    return `GraphCredential { kind: '${this.kind}' }`;
  }
}

/** A certificate made moments ago on a machine whose clock runs a little ahead is still accepted. */
const NOT_BEFORE_TOLERANCE_MS = 5 * 60_000;

const purposeOf = (kind: GraphCredentialRef['kind']): string => (kind === 'secret' ? GRAPH_SECRET_PURPOSE : GRAPH_CERTIFICATE_PURPOSE);

/**
 * Seals `input` in the vault and returns its reference. With `previous` of the same kind the sealed
 * record is replaced in place (same id); of the other kind a new record is sealed and the old one
 * destroyed after. A certificate must parse, match its private key and be valid at `clock.now()`
 * (its start may be up to 5 minutes ahead);
 * failures are `ERR_INVALID_INPUT` naming the problem, never the key. Nothing secret is logged or returned.
 */
export async function storeGraphCredential(
  deps: { vault: Vault; clock: Clock },
  input: GraphCredentialInput,
  previous: GraphCredentialRef | null = null,
): Promise<GraphCredentialRef> {
  const { plaintext, certificate } = input.kind === 'secret' ? checkSecret(input.secret) : checkCertificate(input, deps.clock.now());
  const purpose = purposeOf(input.kind);
  try {
    if (previous !== null && previous.kind === input.kind) {
      await deps.vault.replace(previous.secretId, purpose, plaintext);
      return { kind: input.kind, secretId: previous.secretId, certificate };
    }
    const secretId = await deps.vault.seal(purpose, plaintext);
    if (previous !== null) await deps.vault.destroy(previous.secretId);
    return { kind: input.kind, secretId, certificate };
  } finally {
    plaintext.fill(0);
  }
}

/** Opens the sealed credential named by `ref` (vault errors pass through: ERR_NOT_FOUND, ERR_VAULT_DECRYPT). */
export async function loadGraphCredential(vault: Vault, ref: GraphCredentialRef): Promise<GraphCredential> {
  const plaintext = await vault.open(ref.secretId, purposeOf(ref.kind));
  try {
    return new OpenedCredential(ref.kind, plaintext.toString('utf8'));
  } finally {
    plaintext.fill(0);
  }
}

function checkSecret(secret: string): { plaintext: Buffer; certificate: null } {
  if (secret.trim() !== secret || secret.length < 8 || /[\r\n]/.test(secret)) {
    throw new MfaError('ERR_INVALID_INPUT', 'the client secret must be at least 8 characters, without surrounding spaces or line breaks');
  }
  return { plaintext: Buffer.from(secret, 'utf8'), certificate: null };
}

function checkCertificate(
  input: { privateKeyPem: string; certificatePem: string },
  now: number,
): { plaintext: Buffer; certificate: NonNullable<GraphCredentialRef['certificate']> } {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(input.certificatePem);
  } catch (cause) {
    throw new MfaError('ERR_INVALID_INPUT', 'the certificate is not a PEM X.509 certificate', { cause });
  }
  let matches: boolean;
  try {
    matches = cert.checkPrivateKey(createPrivateKey(input.privateKeyPem));
  } catch {
    throw new MfaError('ERR_INVALID_INPUT', 'the private key is not an unencrypted PEM private key');
  }
  if (!matches) throw new MfaError('ERR_INVALID_INPUT', 'the private key does not belong to the certificate');
  const notAfter = new Date(cert.validTo);
  if (notAfter.getTime() <= now || new Date(cert.validFrom).getTime() > now + NOT_BEFORE_TOLERANCE_MS) {
    throw new MfaError('ERR_INVALID_INPUT', `the certificate is not valid now (valid ${cert.validFrom} to ${cert.validTo})`);
  }
  const bundle = `${input.privateKeyPem.trim()}\n${cert.toString().trim()}\n`;
  return {
    plaintext: Buffer.from(bundle, 'utf8'),
    certificate: {
      sha1: cert.fingerprint.replaceAll(':', ''),
      sha256: cert.fingerprint256.replaceAll(':', ''),
      subject: cert.subject,
      notAfter: notAfter.toISOString(),
    },
  };
}
