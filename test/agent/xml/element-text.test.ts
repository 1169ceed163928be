// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { elementText } from '../../../agent/xml/element-text.js';
import { parseXml } from '../../../agent/xml/parse-xml.js';

describe('elementText', () => {
  test('joins text and CDATA, skips comments', () => {
    const doc = parseXml('<r>a&amp;<![CDATA[<b>]]><!-- c -->d</r>', { maxBytes: 4096 });
    expect(elementText(doc.documentElement!)).toBe('a&<b>d');
  });

  test('refuses mixed content with ERR_XML_MALFORMED', () => {
    const doc = parseXml('<r>a<x>b</x></r>', { maxBytes: 4096 });
    expect(() => elementText(doc.documentElement!)).toThrow(expect.objectContaining({ code: 'ERR_XML_MALFORMED' }));
  });
});
