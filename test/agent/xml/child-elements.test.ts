// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { childElements } from '../../../agent/xml/child-elements.js';
import { parseXml } from '../../../agent/xml/parse-xml.js';

describe('childElements', () => {
  test('matches namespace URI and local name, not prefixes, direct children only', () => {
    const doc = parseXml(
      '<r xmlns="urn:a" xmlns:b="urn:b"><x>1</x><b:x>2</b:x><y><x>nested</x></y><x xmlns="">3</x><z:x xmlns:z="urn:a">4</z:x></r>',
      { maxBytes: 4096 },
    );
    const root = doc.documentElement!;
    expect(childElements(root, 'urn:a', 'x').map((e) => e.textContent)).toEqual(['1', '4']);
    expect(childElements(root, 'urn:b', 'x').map((e) => e.textContent)).toEqual(['2']);
    expect(childElements(root, null, 'x').map((e) => e.textContent)).toEqual(['3']);
    expect(childElements(root, 'urn:a', 'missing')).toEqual([]);
  });
});
