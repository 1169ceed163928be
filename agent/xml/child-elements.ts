// SPDX-License-Identifier: UNLICENSED
/** Namespace-aware navigation of the DOM that `parseXml` returns. */
import type { XmlElement, XmlNode } from './xml-types.js';

const ELEMENT_NODE = 1;

/**
 * The direct child elements of `parent` whose namespace URI is `ns` and local name is `localName`,
 * in document order. `ns` null matches elements in no namespace. Prefixes are never compared.
 */
export function childElements(parent: XmlElement, ns: string | null, localName: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (let node: XmlNode | null = parent.firstChild; node !== null; node = node.nextSibling) {
    if (node.nodeType !== ELEMENT_NODE) continue;
    const el = node as XmlElement;
    if (el.localName === localName && (el.namespaceURI ?? null) === ns) out.push(el);
  }
  return out;
}
