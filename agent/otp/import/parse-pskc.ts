// SPDX-License-Identifier: UNLICENSED
/**
 * RFC 6030 (PSKC) seed files → `ImportedToken[]`, all or nothing.
 *
 * Accepted: `<KeyContainer Version="1.0">` in the PSKC namespace; plaintext or encrypted values
 * (pskc-constants.ts lists the ciphers); a pre-shared or PBKDF2 transport key (pskc-transport-key.ts);
 * `<MACMethod>` with an encrypted `<MACKey>` (absent MACKey: the transport key is the MAC key, as in
 * pre-RFC drafts). Per `<KeyPackage>` (1-based index in every message):
 * - `Key@Algorithm` decides HOTP or TOTP (pskc-constants.ts); anything else (OCRA, vendor URIs) fails.
 * - `<Suite>` SHA1 | SHA256 | SHA512 (also `SHA-256`, `HMAC-SHA256`); absent → SHA1.
 * - `<ResponseFormat Length>` 6 or 8 with `Encoding` DECIMAL if given; absent ResponseFormat → 6.
 * - `<TimeInterval>` 30 or 60 (absent → 30); `<Counter>` (absent → 0); `<TimeDrift>` in steps (absent → 0).
 * - `<DeviceInfo>` Manufacturer, SerialNo, Model; `<UserId>` of the Key, else of the DeviceInfo.
 * - The secret must be at least `MIN_SECRET_BYTES` unless `allowShortSecrets`.
 * - Two packages with the same non-empty serial fail the file.
 * Not interpreted: `<Time>`, `<Policy>`, `<ds:Signature>` (a signed container is read but its signature is
 * not verified).
 */
import { MfaError } from '../../errors.js';
import { childElements } from '../../xml/child-elements.js';
import { elementText } from '../../xml/element-text.js';
import { parseXml } from '../../xml/parse-xml.js';
import type { XmlElement } from '../../xml/xml-types.js';
import type { OtpAlgorithm, OtpDigits, OtpPeriod } from '../otp-params.js';
import { decodeBase64Strict } from './decode-base64-strict.js';
import { decryptPskcValue, pskcCipher } from './decrypt-pskc-value.js';
import { MAX_SECRET_BYTES, MIN_SECRET_BYTES, type ImportedToken } from './imported-token.js';
import { DEFAULT_MAC_ALGORITHM, KEY_ALGORITHM_TYPES, PSKC_MAC_ALGORITHMS, PSKC_NS } from './pskc-constants.js';
import { pskcTransportKey } from './pskc-transport-key.js';
import { readEncryptedData, readPskcValue, type PskcMacKey, type PskcValueContext } from './read-pskc-value.js';
import { rejectDuplicateSerials } from './reject-duplicate-serials.js';

export interface ParsePskcOptions {
  /** The pre-shared transport key (`<ds:KeyName>` containers, or encrypted values without EncryptionKey). */
  preSharedKey?: Buffer;
  /** The password of a PBKDF2 (`<DerivedKey>`) container. */
  password?: string;
  /** Import despite a ValueMAC mismatch or a missing ValueMAC on CBC values. Default false. */
  allowMacMismatch?: boolean;
  /** Accept secrets shorter than 128 bits (RFC 4226 §4 R6 forbids them). Default false. */
  allowShortSecrets?: boolean;
  /** Largest accepted file in bytes. Default `PSKC_DEFAULT_MAX_BYTES`. */
  maxBytes?: number;
  /** Largest accepted PBKDF2 IterationCount. Default `PSKC_DEFAULT_MAX_PBKDF2_ITERATIONS`. */
  maxPbkdf2Iterations?: number;
}

/** 10 MiB: tens of thousands of key packages. */
export const PSKC_DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
/** About a second of PBKDF2-HMAC-SHA1 on the appliance; vendor files use 1,000–100,000. */
export const PSKC_DEFAULT_MAX_PBKDF2_ITERATIONS = 1_000_000;

const DEFAULT_DIGITS: OtpDigits = 6;
const DEFAULT_PERIOD: OtpPeriod = 30;

export function parsePskc(xml: string, options: ParsePskcOptions = {}): ImportedToken[] {
  const doc = parseXml(xml, { maxBytes: options.maxBytes ?? PSKC_DEFAULT_MAX_BYTES });
  const container = doc.documentElement;
  if (container === null || container.namespaceURI !== PSKC_NS || container.localName !== 'KeyContainer') {
    throw formatError(`the root element must be <KeyContainer> in namespace ${PSKC_NS}`);
  }
  const version = container.getAttribute('Version');
  if (version !== '1.0') throw formatError(`unsupported KeyContainer Version "${version ?? ''}" (expected 1.0)`);
  const transportKey = pskcTransportKey(container, {
    ...(options.preSharedKey === undefined ? {} : { preSharedKey: options.preSharedKey }),
    ...(options.password === undefined ? {} : { password: options.password }),
    maxPbkdf2Iterations: options.maxPbkdf2Iterations ?? PSKC_DEFAULT_MAX_PBKDF2_ITERATIONS,
  });
  const ctx: PskcValueContext = {
    transportKey,
    macKey: macKeyOf(container, transportKey),
    allowMacMismatch: options.allowMacMismatch === true,
  };
  const packages = childElements(container, PSKC_NS, 'KeyPackage');
  if (packages.length === 0) throw formatError('the file has no <KeyPackage>');
  // All or nothing: when one package fails, the secrets already decrypted are wiped before the error leaves.
  const tokens: ImportedToken[] = [];
  try {
    for (const [i, pkg] of packages.entries()) tokens.push(readKeyPackage(pkg, i + 1, ctx, options.allowShortSecrets === true));
    rejectDuplicateSerials(tokens);
  } catch (err) {
    for (const t of tokens) t.secret.fill(0);
    throw err;
  }
  return tokens;
}

function macKeyOf(container: XmlElement, transportKey: PskcValueContext['transportKey']): PskcMacKey {
  const methods = childElements(container, PSKC_NS, 'MACMethod');
  if (methods.length > 1) throw formatError('more than one <MACMethod>');
  const [method] = methods;
  const uri = method?.getAttribute('Algorithm') || DEFAULT_MAC_ALGORITHM;
  const hash = PSKC_MAC_ALGORITHMS[uri];
  if (hash === undefined) throw formatError(`unsupported MACMethod algorithm ${uri}`);
  let resolved: { key: Buffer; hash: string } | undefined;
  return () => {
    if (resolved !== undefined) return resolved;
    const macKeyEl = method === undefined ? undefined : childElements(method, PSKC_NS, 'MACKey')[0];
    if (macKeyEl === undefined) {
      if (method !== undefined && childElements(method, PSKC_NS, 'MACKeyReference').length > 0) {
        throw formatError('<MACKeyReference> (a MAC key known out of band) is not supported');
      }
      // Draft PSKC files MAC with the transport key itself; any AES key length will do to fetch it.
      const key = transportKey(pskcCipher('http://www.w3.org/2001/04/xmlenc#aes128-cbc', '<MACMethod>'));
      resolved = { key, hash };
      return resolved;
    }
    const { uri: encUri, cipherValue } = readEncryptedData(macKeyEl, '<MACKey>');
    const cipher = pskcCipher(encUri, '<MACKey>');
    resolved = { key: decryptPskcValue(cipher, transportKey(cipher), cipherValue, '<MACKey>'), hash };
    return resolved;
  };
}

function readKeyPackage(pkg: XmlElement, index: number, ctx: PskcValueContext, allowShort: boolean): ImportedToken {
  const at = `key package ${index}`;
  const key = only(pkg, 'Key', at, true);
  const device = only(pkg, 'DeviceInfo', at, false);
  const algorithmUri = key.getAttribute('Algorithm') ?? '';
  const type = KEY_ALGORITHM_TYPES[algorithmUri];
  if (type === undefined) throw formatError(`${at}: unsupported Key Algorithm "${algorithmUri}" (HOTP and TOTP only)`);
  const params = only(key, 'AlgorithmParameters', at, false);
  const data = only(key, 'Data', at, true);
  const secretHolder = only(data, 'Secret', at, true);
  const secret = toBytes(readPskcValue(secretHolder, `${at} <Secret>`, ctx), `${at} <Secret>`);
  if (secret.length > MAX_SECRET_BYTES || secret.length === 0 || (secret.length < MIN_SECRET_BYTES && !allowShort)) {
    throw new MfaError('ERR_IMPORT_FORMAT', `${at}: the secret is ${secret.length} bytes; at least ${MIN_SECRET_BYTES} (RFC 4226 R6) and at most ${MAX_SECRET_BYTES} are accepted`, {
      data: { keyPackage: index, secretBytes: secret.length },
    });
  }
  const readInt = (name: string): number | undefined => {
    const holder = only(data, name, at, false);
    return holder === undefined ? undefined : toInt(readPskcValue(holder, `${at} <${name}>`, ctx), `${at} <${name}>`);
  };
  const token: ImportedToken = {
    source: { kind: 'pskc', keyPackage: index },
    serial: textOf(device, 'SerialNo', at),
    manufacturer: textOf(device, 'Manufacturer', at),
    model: textOf(device, 'Model', at),
    type,
    algorithm: suiteOf(params, at),
    digits: digitsOf(params, at),
    timeDrift: 0,
    secret,
  };
  if (type === 'totp') {
    const period = readInt('TimeInterval') ?? DEFAULT_PERIOD;
    if (period !== 30 && period !== 60) throw formatError(`${at}: <TimeInterval> must be 30 or 60, not ${period}`);
    token.period = period;
    token.timeDrift = readInt('TimeDrift') ?? 0;
  } else {
    const counter = readInt('Counter') ?? 0;
    if (counter < 0) throw formatError(`${at}: <Counter> must not be negative`);
    token.counter = counter;
  }
  const issuer = textOf(key, 'Issuer', at);
  if (issuer !== '') token.issuer = issuer;
  const upn = textOf(key, 'UserId', at) || textOf(device, 'UserId', at);
  if (upn !== '') token.upn = upn;
  const keyId = key.getAttribute('Id');
  if (keyId) token.keyId = keyId;
  return token;
}

function suiteOf(params: XmlElement | undefined, at: string): OtpAlgorithm {
  const raw = textOf(params, 'Suite', at);
  if (raw === '') return 'SHA1';
  const name = raw.toUpperCase().replace(/[^A-Z0-9]/g, '').replace(/^HMAC/, '');
  if (name === 'SHA1' || name === 'SHA256' || name === 'SHA512') return name;
  throw formatError(`${at}: unsupported <Suite> "${raw}" (SHA1, SHA256 or SHA512)`);
}

function digitsOf(params: XmlElement | undefined, at: string): OtpDigits {
  const format = params === undefined ? undefined : only(params, 'ResponseFormat', at, false);
  if (format === undefined) return DEFAULT_DIGITS;
  const encoding = format.getAttribute('Encoding');
  if (encoding && encoding !== 'DECIMAL') throw formatError(`${at}: ResponseFormat Encoding "${encoding}" is not supported (DECIMAL only)`);
  const length = format.getAttribute('Length') ?? '';
  if (length === '6' || length === '8') return Number(length) as OtpDigits;
  throw formatError(`${at}: ResponseFormat Length must be 6 or 8, not "${length}"`);
}

function toBytes(value: ReturnType<typeof readPskcValue>, where: string): Buffer {
  if (value.kind === 'bytes') return value.bytes;
  const bytes = decodeBase64Strict(value.text);
  if (bytes === null) throw formatError(`${where}: <PlainValue> is not valid base64`);
  return bytes;
}

/**
 * Plain: an xs:long in decimal. Encrypted: unsigned big-endian bytes (at most 8), the encoding python-pskc
 * writes (it writes the minimal number of bytes, so a sign bit cannot be told apart from magnitude).
 */
function toInt(value: ReturnType<typeof readPskcValue>, where: string): number {
  let n: bigint;
  if (value.kind === 'plain') {
    if (!/^[+-]?[0-9]{1,20}$/.test(value.text)) throw formatError(`${where}: not an integer`);
    n = BigInt(value.text);
  } else {
    if (value.bytes.length === 0 || value.bytes.length > 8) throw formatError(`${where}: not an 8-byte integer`);
    n = BigInt(`0x${value.bytes.toString('hex')}`);
  }
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER)) throw formatError(`${where}: integer out of range`);
  return Number(n);
}

function only(parent: XmlElement, name: string, at: string, required: true): XmlElement;
function only(parent: XmlElement | undefined, name: string, at: string, required: false): XmlElement | undefined;
function only(parent: XmlElement | undefined, name: string, at: string, required: boolean): XmlElement | undefined {
  const found = parent === undefined ? [] : childElements(parent, PSKC_NS, name);
  if (found.length > 1) throw formatError(`${at}: more than one <${name}>`);
  if (found.length === 0 && required) throw formatError(`${at}: <${name}> is missing`);
  return found[0];
}

function textOf(parent: XmlElement | undefined, name: string, at: string): string {
  const el = only(parent, name, at, false);
  return el === undefined ? '' : elementText(el).trim();
}

function formatError(message: string): MfaError {
  return new MfaError('ERR_IMPORT_FORMAT', `PSKC: ${message}`);
}
