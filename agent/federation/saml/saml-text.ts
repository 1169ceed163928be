// SPDX-License-Identifier: UNLICENSED
import { isMfaError } from '../../errors.js';
import { elementText } from '../../xml/element-text.js';
import type { XmlElement } from '../../xml/xml-types.js';
import { samlRequestError } from './saml-request-error.js';

/** `elementText` of a request element; mixed content is `ERR_XML_MALFORMED` with a detail naming it. */
export function samlText(el: XmlElement): string {
  try {
    return elementText(el);
  } catch (err) {
    if (isMfaError(err) && err.code === 'ERR_XML_MALFORMED') throw samlRequestError('ERR_XML_MALFORMED', `<${el.localName}> must contain text only`);
    throw err;
  }
}
