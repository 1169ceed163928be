// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import type { BatchRequest } from '../../../../agent/provisioning/graph/graph-client.js';
import { splitBatch } from '../../../../agent/provisioning/graph/split-batch.js';

const req = (id: string, dependsOn?: string[]): BatchRequest => ({ id, method: 'POST', path: '/users', body: {}, ...(dependsOn ? { dependsOn } : {}) });
const ids = (batches: BatchRequest[][]): string[][] => batches.map((b) => b.map((r) => r.id));

describe('splitBatch', () => {
  test('45 independent requests become 20 + 20 + 5 in input order', () => {
    const all = Array.from({ length: 45 }, (_, i) => req(String(i)));
    const out = splitBatch(all);
    expect(out.map((b) => b.length)).toEqual([20, 20, 5]);
    expect(out.flat().map((r) => r.id)).toEqual(all.map((r) => r.id));
  });

  test('a dependsOn chain is never cut across batches; later independents fill gaps', () => {
    const all = [
      ...Array.from({ length: 15 }, (_, i) => req(`a${i}`)),
      req('u'), req('lic', ['u']), req('grp', ['lic']), req('x', ['u']), req('y', ['grp']), req('z', ['y']),
      req('b0'), req('b1'),
    ];
    const out = ids(splitBatch(all));
    const chain = ['u', 'lic', 'grp', 'x', 'y', 'z'];
    const holder = out.find((b) => b.includes('u'));
    expect(chain.every((id) => holder?.includes(id))).toBe(true);
    expect(out.every((b) => b.length <= 20)).toBe(true);
    expect(out).toEqual([
      [...Array.from({ length: 15 }, (_, i) => `a${i}`), 'b0', 'b1'],
      chain,
    ]);
  });

  test('respects a smaller maximum (a write quota under 20)', () => {
    expect(ids(splitBatch([req('1'), req('2', ['1']), req('3'), req('4')], 2))).toEqual([['1', '2'], ['3', '4']]);
  });

  test('rejects duplicate ids, unknown dependencies and over-long chains', () => {
    expect(() => splitBatch([req('1'), req('1')])).toThrow(expect.objectContaining({ code: 'ERR_INVALID_INPUT' }));
    expect(() => splitBatch([req('1', ['9'])])).toThrow(/unknown id 9/);
    const chain = Array.from({ length: 21 }, (_, i) => req(String(i), i === 0 ? undefined : [String(i - 1)]));
    expect(() => splitBatch(chain)).toThrow(/chain of 21 requests/);
  });
});
