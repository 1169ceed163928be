// SPDX-License-Identifier: UNLICENSED
import type { XmlNode } from '../../xml/xml-types.js';
import { samlRequestError } from './saml-request-error.js';

const ELEMENT_NODE = 1;
const COMMENT_NODE = 8;

/**
 * Refuses a signed request that holds a comment anywhere (`ERR_XML_FORBIDDEN`). Exclusive c14n without
 * comments drops them from the digest while a DOM reader may still split text at them, so a comment
 * inside signed content lets the signed bytes and the value read differ (xml-crypto CVE-2025-29775,
 * #586). Processing instructions are already refused by `parseXml`.
 */
export function rejectComments(doc: XmlNode): void {
  const stack: XmlNode[] = [doc];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    for (let child = node.firstChild; child !== null; child = child.nextSibling) {
      if (child.nodeType === COMMENT_NODE) throw samlRequestError('ERR_XML_FORBIDDEN', 'a signed request must not contain XML comments');
      if (child.nodeType === ELEMENT_NODE) stack.push(child);
    }
  }
}
