// SPDX-License-Identifier: UNLICENSED
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { createEmulatedConnection } from '../../../drivers/emulator/create-emulated-connection.js';
import { Molto2Session } from '../../../drivers/protocol/molto2-session.js';
import { ScriptedConnection } from '../../../drivers/emulator/scripted-connection.js';
import { loadTranscript as loadFile } from '../../helpers/scripted-connection.js';

const loadTranscript = (name: string): ReturnType<typeof loadFile> => loadFile(path.join(import.meta.dirname, '../../fixtures/transcripts', name));
import { molto2SessionSuite } from './molto2-session-suite.js';


describe('Molto2Session against the §2.3 vectors (byte for byte)', () => {
  test('programProfile(1) sends exactly the reference commands', async () => {
    const conn = new ScriptedConnection(loadTranscript('molto2-program-profile1.jsonl'), { kind: 'usb' });
    const session = new Molto2Session(conn);
    const result = await session.programProfile(1, {
      seed: Buffer.from('12345678901234567890'), title: 'ACME', algorithm: 'SHA1', digits: 6, period: 30, displayTimeout: 30, time: 0x654fe600,
    });
    conn.assertComplete();
    expect(result).toEqual({ info: { serial: '21000000001', deviceTime: 0x654fe5f0 }, apdus: 7 });
  });

  test('rotateKey sends 84 D7 under the current key; a refusal is an ApduError', async () => {
    const conn = new ScriptedConnection([
      { send: '804b080000', recv: '11223344556677889000' },
      { send: '80ce000010550ec1328f963eb02972bb141e1cf521', recv: '9000' },
    ]);
    const err = await new Molto2Session(conn).rotateKey(Buffer.alloc(16, 1)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_PROTOCOL', data: { index: 2 } });
    expect((err as { data: { sent: string } }).data.sent).toMatch(/^84d7000024/);
  });
});

molto2SessionSuite('in-process', async (card) => createEmulatedConnection(card, { kind: 'usb' }));
