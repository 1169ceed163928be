// SPDX-License-Identifier: UNLICENSED
import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { createSystemRandom } from '../../../agent/ports/random.js';
import { createKeyring } from '../../../agent/vault/keyring.js';
import { generateMasterKeyLine, parseMasterKeyFile } from '../../../agent/vault/master-key-file.js';
import { containsSecret } from './vault-fixtures.js';

const random = createSystemRandom();
const keysOf = (...kids: string[]) => parseMasterKeyFile(kids.map((k) => generateMasterKeyLine(random, k)).join('\n'), 'mem');

describe('createKeyring', () => {
  test('exposes the active kid, all kids in order, and each key by kid', () => {
    const keys = keysOf('new', 'old');
    const ring = createKeyring(keys);
    expect(ring.active).toBe('new');
    expect(ring.kids).toEqual(['new', 'old']);
    expect(ring.get('old')?.export()).toEqual(keys[1]?.key.export());
    expect(ring.get('nope')).toBeUndefined();
    expect(ring.isDemo).toBe(false);
  });

  test('isDemo follows the active key only', () => {
    expect(createKeyring(keysOf('demo-1', 'prod')).isDemo).toBe(true);
    expect(createKeyring(keysOf('prod', 'demo-1')).isDemo).toBe(false);
  });

  test('refuses an empty list and duplicate kids', () => {
    const [k] = keysOf('a');
    expect(() => createKeyring([])).toThrow(expect.objectContaining({ code: 'ERR_INVALID_INPUT' }));
    expect(() => createKeyring([k!, k!])).toThrow(expect.objectContaining({ code: 'ERR_INVALID_INPUT' }));
  });

  test('JSON, util.inspect and enumerable properties show kids but no key bytes', () => {
    const keys = keysOf('new', 'old');
    const ring = createKeyring(keys);
    const shown = [
      JSON.stringify(ring),
      inspect(ring, { showHidden: true, depth: Infinity }),
      inspect(ring, { customInspect: false, showHidden: true, depth: Infinity }),
      JSON.stringify(Object.entries(ring)),
      JSON.stringify({ ...ring }),
    ];
    for (const s of shown) {
      for (const k of keys) expect(containsSecret(s, k.key.export())).toBe(false);
    }
    expect(JSON.parse(shown[0] ?? '')).toEqual({ active: 'new', kids: ['new', 'old'], isDemo: false });
    expect(shown[1]).toBe('Keyring { active: "new", kids: ["new","old"] }');
  });
});
