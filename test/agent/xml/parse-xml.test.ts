// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { MfaError } from '../../../agent/errors.js';
import { parseXml } from '../../../agent/xml/parse-xml.js';

const MAX = 1024 * 1024;

function errorOf(fn: () => unknown): MfaError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(MfaError);
    return err as MfaError;
  }
  throw new Error('expected an MfaError');
}

describe('parseXml', () => {
  test('parses a namespaced document with an XML declaration and a BOM', () => {
    const doc = parseXml('\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<a:root xmlns:a="urn:x"><a:b>t</a:b></a:root>', { maxBytes: MAX });
    expect(doc.documentElement?.localName).toBe('root');
    expect(doc.documentElement?.namespaceURI).toBe('urn:x');
  });

  test.each([
    ['XXE', '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>', 'DOCTYPE'],
    ['external DTD', '<!DOCTYPE r SYSTEM "http://example.invalid/r.dtd"><r/>', 'DOCTYPE'],
    ['lower-case doctype', '<!doctype r><r/>', 'doctype'],
    ['declaration in a comment', '<r><!-- <!ENTITY x "y"> --></r>', 'ENTITY'],
  ])('refuses markup declarations (%s) with ERR_XML_FORBIDDEN', (_name, xml, found) => {
    const err = errorOf(() => parseXml(xml, { maxBytes: MAX }));
    expect(err.code).toBe('ERR_XML_FORBIDDEN');
    expect(err.message).toContain(found);
  });

  test('refuses a billion-laughs bomb within a second', () => {
    const entities = ['<!ENTITY l0 "lol">'];
    for (let i = 1; i < 10; i += 1) entities.push(`<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`);
    const bomb = `<?xml version="1.0"?><!DOCTYPE r [${entities.join('')}]><r>&l9;</r>`;
    const start = performance.now();
    expect(errorOf(() => parseXml(bomb, { maxBytes: MAX })).code).toBe('ERR_XML_FORBIDDEN');
    expect(performance.now() - start).toBeLessThan(1000);
  });

  test('refuses oversized input before parsing, counting UTF-8 bytes', () => {
    const big = `<r>${'x'.repeat(50 * 1024 * 1024)}</r>`;
    const start = performance.now();
    const err = errorOf(() => parseXml(big, { maxBytes: 10 * 1024 * 1024 }));
    expect(performance.now() - start).toBeLessThan(1000);
    expect(err.code).toBe('ERR_IMPORT_TOO_LARGE');
    expect(errorOf(() => parseXml(`<r>${'é'.repeat(60)}</r>`, { maxBytes: 100 })).code).toBe('ERR_IMPORT_TOO_LARGE');
    expect(parseXml(`<r>${'e'.repeat(60)}</r>`, { maxBytes: 100 }).documentElement?.localName).toBe('r');
  });

  test.each([
    ['unclosed', '<r><a></r>'],
    ['mismatched', '<r>\n  <a></b>\n</r>'],
    ['empty', ''],
    ['two roots', '<a/><b/>'],
    ['text outside the root', 'junk<r/>'],
    ['undefined entity', '<r>&nope;</r>'],
    ['unbound prefix', '<p:r/>'],
  ])('turns parser complaints into ERR_XML_MALFORMED (%s)', (_name, xml) => {
    expect(errorOf(() => parseXml(xml, { maxBytes: MAX })).code).toBe('ERR_XML_MALFORMED');
  });

  test('reports the line and column of a syntax error', () => {
    const err = errorOf(() => parseXml('<r>\n<a/>\n  <b>&nope;</b>\n</r>', { maxBytes: MAX }));
    expect(err.code).toBe('ERR_XML_MALFORMED');
    expect(err.data).toEqual({ line: 3, column: 3 });
    expect(err.message).toContain('line 3, column 3');
    const warning = errorOf(() => parseXml('<r>\n<a/>\n  <b x=1/>\n</r>', { maxBytes: MAX }));
    expect([warning.code, warning.data]).toEqual(['ERR_XML_MALFORMED', { line: 3, column: 3 }]);
  });

  test.each([
    ['after the root', '<r/><?evil x?>'],
    ['inside the root', '<r><?xml-stylesheet href="x"?></r>'],
    ['before the root', '<?pi?><r/>'],
  ])('refuses processing instructions (%s)', (_name, xml) => {
    expect(errorOf(() => parseXml(xml, { maxBytes: MAX })).code).toBe('ERR_XML_FORBIDDEN');
  });
});
