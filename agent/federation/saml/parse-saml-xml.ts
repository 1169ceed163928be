// SPDX-License-Identifier: UNLICENSED
import { isMfaError } from '../../errors.js';
import { parseXml } from '../../xml/parse-xml.js';
import type { XmlDocument } from '../../xml/xml-types.js';
import { MAX_SAML_MESSAGE_BYTES } from './saml-limits.js';
import { samlRequestError } from './saml-request-error.js';

/**
 * `parseXml` with the SAML bound (no DTD, one root, no processing instruction), its refusals carried
 * over as SAML request errors: `ERR_XML_FORBIDDEN`, `ERR_XML_MALFORMED` (with `line`/`column` in the
 * detail), and `ERR_SAML_REQUEST` for a document over `MAX_SAML_MESSAGE_BYTES`.
 */
export function parseSamlXml(text: string): XmlDocument {
  try {
    return parseXml(text, { maxBytes: MAX_SAML_MESSAGE_BYTES });
  } catch (err) {
    if (!isMfaError(err)) throw err;
    if (err.code === 'ERR_XML_FORBIDDEN' || err.code === 'ERR_XML_MALFORMED') throw samlRequestError(err.code, err.message, undefined, err);
    if (err.code === 'ERR_IMPORT_TOO_LARGE') throw samlRequestError('ERR_SAML_REQUEST', err.message, undefined, err);
    throw err;
  }
}
