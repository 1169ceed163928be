// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { canonicalJson } from '../../../agent/audit/canonical-json.js';

describe('canonicalJson', () => {
  test.each([
    ['null', null, 'null'],
    ['booleans', [true, false], '[true,false]'],
    ['integers and fractions', [0, -1, 1.5, 1e21, 1e-7], '[0,-1,1.5,1e+21,1e-7]'],
    ['negative zero as zero', -0, '0'],
    ['empty containers', { a: [], b: {} }, '{"a":[],"b":{}}'],
    ['sorted keys', { b: 1, a: 2, c: 3 }, '{"a":2,"b":1,"c":3}'],
    ['nested objects sorted at every depth', { z: { y: [{ b: 1, a: 2 }], x: null }, a: 'v' }, '{"a":"v","z":{"x":null,"y":[{"a":2,"b":1}]}}'],
    ['UTF-16 code unit order, uppercase before lowercase', { b: 1, B: 2, ä: 3, '10': 4, '9': 5 }, '{"10":4,"9":5,"B":2,"b":1,"ä":3}'],
    ['astral keys sort by their surrogates, before U+E000', { '\uE000': 1, '😀': 2 }, '{"😀":2,"\uE000":1}'],
    ['unicode strings verbatim', { name: 'Zoë Ångström 名前 😀' }, '{"name":"Zoë Ångström 名前 😀"}'],
    ['control characters and quotes escaped', 'a"b\\c\n\u0001', '"a\\"b\\\\c\\n\\u0001"'],
    ['lone surrogate escaped', '\uD800', '"\\ud800"'],
    ['undefined members omitted', { a: undefined, b: 1 }, '{"b":1}'],
    ['null-prototype objects', Object.assign(Object.create(null) as object, { b: 1, a: 2 }), '{"a":2,"b":1}'],
  ])('%s', (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  test('is independent of key insertion order', () => {
    const a = { x: 1, y: { p: [1, { m: 'a', n: 'b' }], q: true } };
    const b = { y: { q: true, p: [1, { n: 'b', m: 'a' }] }, x: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });

  test('gives the same text after a JSON round trip', () => {
    const v = { details: { z: [1, 'two', null, { k: -0.5 }], a: 'é', u: undefined } };
    expect(canonicalJson(JSON.parse(JSON.stringify(v)))).toBe(canonicalJson(v));
  });

  test.each([
    ['NaN', { a: NaN }, /non-finite number at \$\.a/],
    ['Infinity', [1, Infinity], /non-finite number at \$\[1\]/],
    ['-Infinity', -Infinity, /non-finite/],
    ['undefined at top level', undefined, /unsupported undefined at \$/],
    ['undefined in an array', [1, undefined], /unsupported undefined at \$\[1\]/],
    ['array hole', [1, , 3], /unsupported undefined at \$\[1\]/], // eslint-disable-line no-sparse-arrays
    ['bigint', { n: 1n }, /unsupported bigint at \$\.n/],
    ['function', { f: () => 1 }, /unsupported function/],
    ['symbol', Symbol('s'), /unsupported symbol/],
    ['Buffer', { b: Buffer.from('x') }, /not a plain object at \$\.b/],
    ['Date', { d: new Date(0) }, /not a plain object at \$\.d/],
    ['Map', new Map(), /not a plain object at \$/],
  ])('rejects %s', (_name, value, message) => {
    expect(() => canonicalJson(value)).toThrow(message);
  });

  test('rejects cycles but accepts shared references', () => {
    const shared = { a: 1 };
    expect(canonicalJson({ x: shared, y: [shared] })).toBe('{"x":{"a":1},"y":[{"a":1}]}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = { back: cyclic };
    expect(() => canonicalJson(cyclic)).toThrow(/cycle at \$\.self\.back/);
  });
});
