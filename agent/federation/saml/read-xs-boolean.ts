// SPDX-License-Identifier: UNLICENSED
import type { XmlElement } from '../../xml/xml-types.js';
import { samlRequestError } from './saml-request-error.js';

/** An optional xs:boolean attribute (`true`, `false`, `1`, `0`); absent is false, anything else `ERR_SAML_REQUEST`. */
export function readXsBoolean(el: XmlElement, name: string, issuer: string): boolean {
  const value = el.getAttribute(name);
  if (value === null || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  throw samlRequestError('ERR_SAML_REQUEST', `${name} must be true or false`, issuer);
}
