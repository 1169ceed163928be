// SPDX-License-Identifier: UNLICENSED
/**
 * Writes XML that is already in Exclusive XML Canonicalization form (xml-exc-c14n, without comments), so
 * that the digest of an element is the SHA-256 of the very string that is sent. The caller keeps the
 * one rule this writer cannot check: a namespace is declared (`ns`) on the element where it is first
 * used along each ancestor chain, and nowhere else. The writer does the rest of c14n §2.3 / exc-c14n §3:
 * - namespace declarations first, the default one first, then by prefix;
 * - then unqualified attributes by local name, then qualified ones by namespace URI, then local name;
 * - every element as a start and end tag (`<a></a>`), no XML declaration, no whitespace between elements;
 * - text escaped as `&amp; &lt; &gt; &#xD;`, attribute values as `&amp; &lt; &quot; &#x9; &#xA; &#xD;`.
 */

/** Escapes character data as canonical XML does (c14n §5.2, "Text Nodes"). */
export function escapeText(text: string): string {
  return text.replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c] ?? c);
}

/** Escapes an attribute value as canonical XML does (c14n §5.2, "Attribute Nodes"). */
export function escapeAttr(value: string): string {
  return value.replace(/[&<"\t\n\r]/g, (c) => ATTR_ESCAPES[c] ?? c);
}

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' };
const ATTR_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '"': '&quot;', '\t': '&#x9;', '\n': '&#xA;', '\r': '&#xD;' };

/**
 * XML 1.0 `Char`, minus DEL, the C1 controls (U+007F–U+009F), U+2028–U+2029 and U+FFFD: xmldom turns
 * NEL (U+0085), LINE SEPARATOR and PARAGRAPH SEPARATOR into a line feed, so a verifier built on it would
 * digest other text than we signed, and it flags the replacement character as an encoding fault. Names
 * and identifiers never need them.
 */
const NOT_XML_CHAR = /[^\t\n\r\x20-\x7E\xA0-\u2027\u202A-\uD7FF\uE000-\uFFFC\u{10000}-\u{10FFFF}]/u;

export interface ElementOptions {
  /** Namespace declarations on this element: prefix (`''` for the default namespace) → URI. */
  ns?: Readonly<Record<string, string>>;
  /** Unqualified attributes; `undefined` values are left out. */
  attrs?: Readonly<Record<string, string | undefined>>;
  /** Qualified attributes, e.g. `{ qname: 'a:OriginalIssuer', uri: 'http://…/claims', value: 'CLIENT CONTEXT' }`. */
  qattrs?: ReadonlyArray<{ qname: string; uri: string; value: string }>;
}

/** The canonical start tag of `qname`. */
export function startTag(qname: string, options: ElementOptions = {}): string {
  let out = `<${qname}`;
  const ns = Object.entries(options.ns ?? {}).sort(([a], [b]) => compareCodeUnits(a, b));
  for (const [prefix, uri] of ns) out += ` ${prefix === '' ? 'xmlns' : `xmlns:${prefix}`}="${escapeAttr(checked(uri))}"`;
  const plain = Object.entries(options.attrs ?? {}).filter((e): e is [string, string] => e[1] !== undefined)
    .sort(([a], [b]) => compareCodeUnits(a, b));
  for (const [name, value] of plain) out += ` ${name}="${escapeAttr(checked(value))}"`;
  const qualified = [...(options.qattrs ?? [])].sort((a, b) => compareCodeUnits(a.uri, b.uri) || compareCodeUnits(localName(a.qname), localName(b.qname)));
  for (const a of qualified) out += ` ${a.qname}="${escapeAttr(checked(a.value))}"`;
  return `${out}>`;
}

/**
 * A canonical element. `content` is either already-canonical child markup (an array, joined as is) or
 * text (a string, escaped).
 */
export function element(qname: string, options: ElementOptions, content: string | readonly string[] = []): string {
  const inner = typeof content === 'string' ? escapeText(checked(content)) : content.join('');
  return `${startTag(qname, options)}${inner}</${qname}>`;
}

/** Code-unit order, which is what c14n's "lexicographic" ordering means for the names we use. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

/** Refuses characters XML cannot carry, which would otherwise yield a document no verifier parses. */
function checked(value: string): string {
  if (NOT_XML_CHAR.test(value)) throw new RangeError('value contains a character that XML 1.0 cannot represent');
  return value;
}
