// SPDX-License-Identifier: UNLICENSED
/**
 * `OathCardEmulator` answers the commands of the §1.9 ykman transcripts with the recorded replies,
 * byte for byte (STYLE rule 36), given the same salt and challenges.
 */
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { fromHex, toHex } from '../../../drivers/core/bytes.js';
import { OathCardEmulator } from '../../../drivers/emulator/oath-card-emulator.js';
import { loadTranscript } from '../../helpers/scripted-connection.js';

const transcript = (name: string): Array<{ send: string; recv: string; source?: string }> =>
  loadTranscript(path.join(import.meta.dirname, '..', '..', 'fixtures', 'transcripts', name));

async function replay(card: OathCardEmulator, file: string): Promise<void> {
  card.reset();
  for (const [i, entry] of transcript(file).entries()) {
    const reply = await card.process(fromHex(entry.send));
    expect(toHex(reply), `#${i} ${entry.source ?? ''}`).toBe(toHex(fromHex(entry.recv)));
  }
}

describe('OathCardEmulator against the §1.9 transcripts', () => {
  test('put ×4, list, calculate all, calculate 60 s, HOTP', async () => {
    const card = new OathCardEmulator({ version: [5, 4, 3], salt: fromHex('0102030405060708') });
    await replay(card, 'ykoath-ykman-4.0.9.jsonl');
    expect(card.credential('hotpuser')?.counter).toBe(6);
    expect(card.credential('ACME:touchy')).toMatchObject({ touch: true, properties: 0x02 });
  });

  test('password SELECT challenge, VALIDATE and the card response', async () => {
    const challenges = [fromHex('1122334455667788')];
    const card = new OathCardEmulator({
      salt: fromHex('0102030405060708'),
      password: 'password',
      random: (n) => challenges.shift() ?? Buffer.alloc(n),
    });
    await replay(card, 'ykoath-validate.jsonl');
  });
});
