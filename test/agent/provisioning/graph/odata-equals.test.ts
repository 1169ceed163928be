// SPDX-License-Identifier: UNLICENSED
import { describe, expect, test } from 'vitest';
import { odataEquals } from '../../../../agent/provisioning/graph/odata-equals.js';

describe('odataEquals', () => {
  test('a base64 immutable id with + / = survives the trip through a URL', () => {
    const immutableId = Buffer.from('fb3ffe3e-7f00-4bfe-9f3f-fbffffbf3ffe', 'utf8').subarray(0, 18).toString('base64');
    const tricky = 'q+/vPwAA+//+Lw==';
    for (const id of [immutableId, tricky]) {
      const filter = odataEquals('onPremisesImmutableId', id);
      expect(filter).not.toMatch(/[+/= ]/);
      const url = new URL(`https://graph.example/v1.0/users?$filter=${filter}&$select=id`);
      expect(url.searchParams.get('$filter')).toBe(`onPremisesImmutableId eq '${id}'`);
    }
    expect(odataEquals('onPremisesImmutableId', tricky)).toBe("onPremisesImmutableId%20eq%20'q%2B%2FvPwAA%2B%2F%2F%2BLw%3D%3D'");
  });

  test("doubles single quotes inside the literal (o'brien@contoso.com)", () => {
    expect(decodeURIComponent(odataEquals('userPrincipalName', "o'brien@contoso.com"))).toBe("userPrincipalName eq 'o''brien@contoso.com'");
  });

  test('refuses a property that is not a plain path', () => {
    expect(() => odataEquals("id eq 'x' or true", 'y')).toThrow(TypeError);
  });
});
