// SPDX-License-Identifier: UNLICENSED
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ExclusiveCanonicalization } from 'xml-crypto';
import { parseXml } from '../../../../agent/xml/parse-xml.js';
import { element, escapeAttr, escapeText, startTag } from '../../../../agent/federation/xml/canonical-xml.js';

/** xml-crypto's exc-c14n of the document element: the independent oracle for "already canonical". */
function canonicalise(xml: string): string {
  const doc = parseXml(xml, { maxBytes: 1_000_000 });
  return new ExclusiveCanonicalization().process(doc.documentElement as never, {}) as string;
}

describe('canonical-xml', () => {
  test('orders namespace declarations, then plain attributes, then qualified ones by namespace URI', () => {
    const tag = startTag('a:Attr', {
      ns: { z: 'urn:z', '': 'urn:default', a: 'urn:a' },
      attrs: { Zeta: '1', Alpha: '2', Skipped: undefined },
      qattrs: [{ qname: 'z:Late', uri: 'urn:z', value: '3' }, { qname: 'a:Early', uri: 'urn:a', value: '4' }],
    });
    expect(tag).toBe('<a:Attr xmlns="urn:default" xmlns:a="urn:a" xmlns:z="urn:z" Alpha="2" Zeta="1" a:Early="4" z:Late="3">');
  });

  test('escapes text and attribute values as c14n does', () => {
    expect(escapeText('a&b<c>d\re"\'\t\n')).toBe('a&amp;b&lt;c&gt;d&#xD;e"\'\t\n');
    expect(escapeAttr('a&b<c>d"e\t\n\r\'')).toBe('a&amp;b&lt;c>d&quot;e&#x9;&#xA;&#xD;\'');
  });

  test('refuses characters XML cannot carry', () => {
    expect(() => element('a', {}, 'bell\u0007')).toThrow(RangeError);
    expect(() => startTag('a', { attrs: { v: '\uFFFE' } })).toThrow(RangeError);
    // NEL and LINE SEPARATOR: xmldom reads them as a line feed (XML 1.1 rules), so a verifier would digest other text.
    expect(() => element('a', {}, 'x\u0085y')).toThrow(RangeError);
    expect(() => element('a', {}, 'x\u2028y')).toThrow(RangeError);
    expect(() => element('a', {}, 'x\u2029y')).toThrow(RangeError);
    expect(() => element('a', {}, 'x\uFFFDy')).toThrow(RangeError);
  });

  test('what it writes is its own exc-c14n form, for any text and attribute value', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replace(/[^\t\n\r\x20-\x7E\xA0-\u2027\u202A-\uD7FF\uE000-\uFFFC\u{10000}-\u{10FFFF}]/gu, ''));
    fc.assert(fc.property(text, text, text, (a, b, c) => {
      const xml = element('saml:Assertion', { ns: { saml: 'urn:oasis:names:tc:SAML:1.0:assertion' }, attrs: { Issuer: a, AssertionID: '_1' } }, [
        element('saml:Attribute', { attrs: { AttributeName: 'UPN' }, ns: { x: 'urn:x' }, qattrs: [{ qname: 'x:Orig', uri: 'urn:x', value: b }] }, [
          element('saml:AttributeValue', {}, c),
        ]),
        element('Plain', { ns: { '': 'urn:plain' } }, ''),
      ]);
      expect(JSON.stringify(canonicalise(xml))).toBe(JSON.stringify(xml));
    }), { numRuns: 1000 });
  });
});
