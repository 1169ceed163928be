// SPDX-License-Identifier: UNLICENSED
import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPasswordHasher } from '../../../agent/directory/password-hasher.js';
import { createSystemRandom } from '../../../agent/ports/random.js';

const params = { cost: 1024, blockSize: 8, parallelization: 1 };
const hasher = createPasswordHasher(params, createSystemRandom());

describe('createPasswordHasher', () => {
  it('produces a PHC scrypt string that an independent scrypt call reproduces', async () => {
    const stored = await hasher.hash('correct horse battery');
    const m = /^\$scrypt\$ln=10,r=8,p=1\$([^$]+)\$([^$]+)$/.exec(stored);
    expect(m).not.toBeNull();
    const salt = Buffer.from(m?.[1] ?? '', 'base64');
    const expected = scryptSync('correct horse battery', salt, 32, { N: 1024, r: 8, p: 1 });
    expect(Buffer.from(m?.[2] ?? '', 'base64').equals(expected)).toBe(true);
    expect(salt.length).toBe(16);
  });

  it('verifies right and wrong passwords, salts each hash, and normalises Unicode', async () => {
    const a = await hasher.hash('Ångström pass');
    const b = await hasher.hash('Ångström pass');
    expect(a).not.toBe(b);
    expect(await hasher.verify('Ångström pass', a)).toBe(true);
    expect(await hasher.verify('A\u030angström pass', a)).toBe(true);
    expect(await hasher.verify('angstrom pass', a)).toBe(false);
  });

  it('returns false for missing or malformed hashes', async () => {
    expect(await hasher.verify('x', null)).toBe(false);
    expect(await hasher.verify('x', '$scrypt$ln=99,r=8,p=1$AAAA$AAAA')).toBe(false);
    expect(await hasher.verify('x', 'plaintext')).toBe(false);
  });

  it('asks for a rehash when parameters were weaker', async () => {
    const weak = createPasswordHasher({ cost: 512, blockSize: 8, parallelization: 1 }, createSystemRandom());
    const stored = await weak.hash('pw');
    expect(hasher.needsRehash(stored)).toBe(true);
    expect(hasher.needsRehash(await hasher.hash('pw'))).toBe(false);
  });
});
