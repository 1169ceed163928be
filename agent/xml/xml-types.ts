// SPDX-License-Identifier: UNLICENSED
/**
 * The DOM types handed out by `parseXml`, re-exported so that callers outside `agent/xml/` never
 * import @xmldom/xmldom themselves (scripts/layering-rules.json).
 */
export type { Document as XmlDocument, Element as XmlElement, Node as XmlNode } from '@xmldom/xmldom';
