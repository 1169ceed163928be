// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { formatSamlInstant } from '../../../../agent/federation/saml/format-saml-instant.js';
import { parseSamlInstant } from '../../../../agent/federation/saml/parse-saml-instant.js';

describe('parseSamlInstant', () => {
  test.each([
    ['2024-03-12T14:00:18.450Z', Date.UTC(2024, 2, 12, 14, 0, 18, 450)],
    ['2024-03-12T14:00:18Z', Date.UTC(2024, 2, 12, 14, 0, 18)],
    ['2024-03-12T14:00:18.4Z', Date.UTC(2024, 2, 12, 14, 0, 18, 400)],
    ['2024-03-12T14:00:18.4509999Z', Date.UTC(2024, 2, 12, 14, 0, 18, 450)],
    ['2024-02-29T23:59:59.999Z', Date.UTC(2024, 1, 29, 23, 59, 59, 999)],
  ])('reads %s', (text, ms) => {
    expect(parseSamlInstant(text)).toBe(ms);
  });

  test.each([
    '2024-03-12T14:00:18.450', '2024-03-12T14:00:18.450+00:00', '2024-03-12 14:00:18Z', '2023-02-29T00:00:00Z', '2024-13-01T00:00:00Z',
    '2024-03-12T24:00:00Z', '2024-03-12T14:60:00Z', '2024-12-31T23:59:60Z', '0099-01-01T00:00:00Z', '2024-03-12T14:00:18.Z', ' 2024-03-12T14:00:18Z', '',
  ])('refuses %j', (text) => {
    expect(parseSamlInstant(text)).toBeNull();
  });

  test('reads back what formatSamlInstant writes', () => {
    const ms = Date.UTC(2026, 0, 2, 3, 4, 5, 6);
    expect(formatSamlInstant(ms)).toBe('2026-01-02T03:04:05.006Z');
    expect(parseSamlInstant(formatSamlInstant(ms))).toBe(ms);
  });
});
