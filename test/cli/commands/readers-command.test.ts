// SPDX-License-Identifier: UNLICENSED
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPcscBackend } from '../../../drivers/backends/pcsc.js';
import { attachToVpcd, type VpcdAttachment } from '../../../drivers/emulator/attach-to-vpcd.js';
import type { CardEmulator } from '../../../drivers/emulator/card-emulator.js';
import { OathCardEmulator } from '../../../drivers/emulator/oath-card-emulator.js';
import { Token2TokenEmulator } from '../../../drivers/emulator/token2-token-emulator.js';
import { runCliCaptured } from '../../helpers/run-cli-captured.js';
import { withVirtualReader, type VirtualReader } from '../../helpers/pcscd.js';

/** The built CLI (`npm run build`). Spawned asynchronously: the emulated card lives in this process. */
const BIN = resolve('dist/agent/cli/bin.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const run: Run = { code: null, stdout: '', stderr: '' };
  child.stdout.on('data', (c: Buffer) => { run.stdout += c.toString(); });
  child.stderr.on('data', (c: Buffer) => { run.stderr += c.toString(); });
  const exited = new Promise<Run>((res) => child.once('exit', (code) => { run.code = code; res(run); }));
  const until = async (pred: (r: Run) => boolean, ms = 10_000): Promise<void> => {
    const deadline = Date.now() + ms;
    while (!pred(run)) {
      if (Date.now() > deadline || run.code !== null) throw new Error(`CLI did not get there: ${JSON.stringify(run)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  return { child, run, exited, until };
}

/** Waits (max 5 s) for the CLI to exit by itself: a lingering PC/SC handle would keep it alive. */
async function exitsAlone(p: ReturnType<typeof start>): Promise<Run> {
  const timer = setTimeout(() => p.child.kill('SIGKILL'), 5000);
  const r = await p.exited;
  clearTimeout(timer);
  return r;
}

/** Puts `card` into the reader and resolves once pcscd lists it there (pcscd polls vpcd every 400 ms). */
async function insertSeen(card: CardEmulator, reader: VirtualReader): Promise<VpcdAttachment> {
  const attached = attachToVpcd(card, { port: reader.port });
  await attached.ready;
  const backend = await createPcscBackend();
  try {
    const deadline = Date.now() + 5000;
    while (!(await backend.listReaders()).find((r) => r.name === reader.name)?.card) {
      if (Date.now() > deadline) throw new Error(`pcscd did not see the card in ${reader.name}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    await backend.close();
  }
  return attached;
}

describe('mfa-appliance readers', () => {
  it('is built', () => {
    expect(existsSync(BIN), `${BIN} missing: run npm run build`).toBe(true);
  });

  it('exits 1 with ERR_PCSCD_UNAVAILABLE and how to start pcscd when the service is absent', async () => {
    const text = await exitsAlone(start(['readers'], { PCSCLITE_CSOCK_NAME: '/nonexistent/pcscd.comm' }));
    expect(text.code).toBe(1);
    expect(text.stderr).toContain('error [ERR_PCSCD_UNAVAILABLE]');
    expect(text.stderr).toContain('systemctl start pcscd');
    expect(text.stderr).toContain('pcscd -f');
    const json = await exitsAlone(start(['--json', 'readers'], { PCSCLITE_CSOCK_NAME: '/nonexistent/pcscd.comm' }));
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { code: 'ERR_PCSCD_UNAVAILABLE', data: { socket: '/nonexistent/pcscd.comm' } } });
  });

  it('lists the readers with --json, identifying an emulated YubiKey OATH applet, and exits by itself', () => withVirtualReader(async (reader) => {
    const card = new OathCardEmulator({ version: [5, 4, 3] });
    const attached = await insertSeen(card, reader);
    try {
      const r = await exitsAlone(start(['readers', '--json', '--reader', reader.name.toLowerCase()]));
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const list = JSON.parse(r.stdout) as Array<{ reader: string; card: Record<string, unknown> | null }>;
      expect(list.map((x) => x.reader)).toEqual([reader.name]);
      expect(list[0]?.card).toEqual({
        atr: card.atr.toString('hex'), kind: 'ykoath', version: '5.4.3', deviceId: expect.any(String), hasPassword: false,
      });
    } finally {
      await attached.close();
    }
  }));

  it('prints a table naming the token on each reader (in-process run)', () => withVirtualReader(async (reader) => {
    const attached = await insertSeen(new Token2TokenEmulator(), reader);
    try {
      const r = await runCliCaptured(['readers', '--reader', reader.name]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines[0]).toMatch(/^READER\s+CARD\s+ATR$/);
      expect(lines.find((l) => l.startsWith(reader.name))).toMatch(/token2 OTPC-P2-i serial 86596220000001\s+3b8980018073c821008b0c5c$/);
    } finally {
      await attached.close();
    }
  }));

  it('--watch prints a Token2 tap as it happens and stops on SIGINT', () => withVirtualReader(async (reader) => {
    const p = start(['readers', '--watch', '--json', '--reader', reader.name]);
    await p.until((r) => r.stdout.includes('"present"'));
    const attached = attachToVpcd(new Token2TokenEmulator({ model: 'OTPC-P1-i' }), { port: reader.port });
    try {
      await p.until((r) => r.stdout.includes('"card-inserted"'));
      await attached.close();
      await p.until((r) => r.stdout.includes('"card-removed"'));
    } finally {
      await attached.close();
    }
    p.child.kill('SIGINT');
    const r = await exitsAlone(p);
    expect(r.code).toBe(0);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.type !== 'present');
    expect(events).toEqual([
      { type: 'card-inserted', reader: reader.name, card: { atr: '3b8980018073c821008b0c5c', kind: 'token2', serial: '86596120000001', model: 'OTPC-P1-i' }, at: expect.any(Number) },
      { type: 'card-removed', reader: reader.name, at: expect.any(Number) },
    ]);
  }));
});
