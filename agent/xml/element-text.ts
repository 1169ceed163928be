// SPDX-License-Identifier: UNLICENSED
import { MfaError } from '../errors.js';
import type { XmlElement, XmlNode } from './xml-types.js';

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

/**
 * The character content of a simple-content element: its text and CDATA children concatenated,
 * comments skipped. An element child (mixed content) is `ERR_XML_MALFORMED` naming the element, so a
 * value can never be assembled from several places in the tree.
 */
export function elementText(el: XmlElement): string {
  let text = '';
  for (let node: XmlNode | null = el.firstChild; node !== null; node = node.nextSibling) {
    if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE) text += node.nodeValue ?? '';
    else if (node.nodeType === ELEMENT_NODE) {
      throw new MfaError('ERR_XML_MALFORMED', `element <${el.localName}> must contain text only`, {
        data: { element: el.localName },
      });
    }
  }
  return text;
}
