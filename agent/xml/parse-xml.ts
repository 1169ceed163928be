// SPDX-License-Identifier: UNLICENSED
/**
 * The one hardened XML parser of the daemon (PSKC seed files now, SAML/WS-Fed later).
 *
 * Rules, checked in this order:
 * 1. Input larger than `maxBytes` (UTF-8) is refused before anything else looks at it (`ERR_IMPORT_TOO_LARGE`).
 * 2. Any markup declaration (`<!DOCTYPE`, `<!ENTITY`, `<!ELEMENT`, `<!ATTLIST`, `<!NOTATION`) anywhere in
 *    the text, even inside a comment or CDATA section, is refused before parsing (`ERR_XML_FORBIDDEN`).
 *    There is therefore no DTD, no external entity (XXE) and no entity expansion (billion laughs).
 * 3. Every xmldom warning, error or fatal error is `ERR_XML_MALFORMED`, with `data.line` / `data.column`.
 * 4. Exactly one root element; no text other than whitespace outside it (`ERR_XML_MALFORMED`).
 * 5. No processing instruction except the XML declaration as the very first node (`ERR_XML_FORBIDDEN`).
 * A leading byte-order mark is ignored.
 */
import { DOMParser } from '@xmldom/xmldom';
import { MfaError } from '../errors.js';
import type { XmlDocument, XmlNode } from './xml-types.js';

export interface ParseXmlOptions {
  /** Largest accepted input in UTF-8 bytes. Required: every caller decides its own bound. */
  maxBytes: number;
}

const FORBIDDEN_DECLARATION = /<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)\b/i;
const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const PROCESSING_INSTRUCTION_NODE = 7;

export function parseXml(text: string, options: ParseXmlOptions): XmlDocument {
  if (text.length > options.maxBytes || Buffer.byteLength(text, 'utf8') > options.maxBytes) {
    throw new MfaError('ERR_IMPORT_TOO_LARGE', `XML document is larger than ${options.maxBytes} bytes`, {
      data: { maxBytes: options.maxBytes },
    });
  }
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const declaration = FORBIDDEN_DECLARATION.exec(source);
  if (declaration !== null) {
    throw new MfaError('ERR_XML_FORBIDDEN', `XML markup declarations are not accepted (found <!${declaration[1]})`, {
      data: { declaration: declaration[1] },
    });
  }
  const doc = parseStrict(source);
  checkTopLevel(doc);
  return doc;
}

function parseStrict(source: string): XmlDocument {
  let reported: MfaError | undefined;
  const parser = new DOMParser({
    locator: true,
    onError: (level, message, context: unknown) => {
      reported ??= malformed(`${level}: ${firstLine(message)}`, locatorOf(context));
      throw reported;
    },
  });
  try {
    return parser.parseFromString(source, 'application/xml');
  } catch (err) {
    if (reported !== undefined) throw reported;
    const where = locatorOf({ locator: (err as { locator?: unknown }).locator });
    throw malformed(firstLine(err instanceof Error ? err.message : String(err)), where, err);
  }
}

function checkTopLevel(doc: XmlDocument): void {
  let roots = 0;
  let index = 0;
  for (let node: XmlNode | null = doc.firstChild; node !== null; node = node.nextSibling, index += 1) {
    if (node.nodeType === ELEMENT_NODE) roots += 1;
    else if (node.nodeType === TEXT_NODE && (node.nodeValue ?? '').trim() !== '') {
      throw malformed('text outside the root element', positionOf(node));
    } else if (node.nodeType === PROCESSING_INSTRUCTION_NODE && !(index === 0 && node.nodeName === 'xml')) {
      throw new MfaError('ERR_XML_FORBIDDEN', `XML processing instructions are not accepted (<?${node.nodeName}?>)`, {
        data: { ...positionOf(node) },
      });
    }
  }
  if (roots !== 1) throw malformed(`expected exactly one root element, found ${roots}`, {});
  rejectNestedPis(doc.documentElement);
}

function rejectNestedPis(root: XmlNode | null): void {
  const stack: XmlNode[] = root === null ? [] : [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    for (let child: XmlNode | null = node.firstChild; child !== null; child = child.nextSibling) {
      if (child.nodeType === PROCESSING_INSTRUCTION_NODE) {
        throw new MfaError('ERR_XML_FORBIDDEN', `XML processing instructions are not accepted (<?${child.nodeName}?>)`, {
          data: { ...positionOf(child) },
        });
      }
      if (child.nodeType === ELEMENT_NODE) stack.push(child);
    }
  }
}

interface Position {
  line?: number;
  column?: number;
}

function locatorOf(context: unknown): Position {
  const locator = (context as { locator?: { lineNumber?: unknown; columnNumber?: unknown } } | null)?.locator;
  const line = locator?.lineNumber;
  const column = locator?.columnNumber;
  return typeof line === 'number' && typeof column === 'number' ? { line, column } : {};
}

function positionOf(node: XmlNode): Position {
  const { lineNumber, columnNumber } = node as { lineNumber?: number; columnNumber?: number };
  return lineNumber !== undefined && columnNumber !== undefined ? { line: lineNumber, column: columnNumber } : {};
}

function malformed(reason: string, where: Position, cause?: unknown): MfaError {
  const at = where.line !== undefined ? ` at line ${where.line}, column ${where.column}` : '';
  return new MfaError('ERR_XML_MALFORMED', `malformed XML${at}: ${reason}`, { data: { ...where }, cause });
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? message;
}
