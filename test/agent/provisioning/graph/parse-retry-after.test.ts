// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { parseRetryAfter } from '../../../../agent/provisioning/graph/parse-retry-after.js';

const now = Date.UTC(2026, 11, 1, 12, 0, 0);

describe('parseRetryAfter', () => {
  test.each([
    ['10', 10_000],
    [' 0 ', 0],
    ['2.5', 2500],
    ['Tue, 01 Dec 2026 12:00:30 GMT', 30_000],
    ['Tue, 01 Dec 2026 11:59:00 GMT', 0],
  ])('%j → %i ms', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  test.each([[null], [undefined], [''], ['soon'], ['-5']])('%j → null', (value) => {
    expect(parseRetryAfter(value, now)).toBeNull();
  });
});
