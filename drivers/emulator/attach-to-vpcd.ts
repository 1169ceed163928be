// SPDX-License-Identifier: UNLICENSED
import net from 'node:net';
import type { CardEmulator } from './card-emulator.js';

/**
 * vpcd wire protocol (vsmartcard `VirtualSmartcard.py`): the card side is a TCP client of pcscd's vpcd
 * driver (reader `Virtual PCD 00 00` on 35963, `… 00 01` on 35964). Every message is `u16 BE length ‖ payload`.
 * From vpcd, a 1-byte payload is control: 0x00 power off, 0x01 power on, 0x02 reset, 0x04 get ATR
 * (answered with the ATR). Any longer payload is a C-APDU, answered with `R-APDU ‖ SW`.
 * Power off/on/reset are not answered.
 */
export interface VpcdAttachment {
  /** Resolves once the TCP connection to vpcd is up (the card is then "inserted"). */
  readonly ready: Promise<void>;
  /** Removes the card from the virtual reader (closes the socket). Idempotent. */
  close(): Promise<void>;
}

export interface AttachToVpcdOptions {
  /** Default `127.0.0.1`. */
  host?: string;
  /** 35963 for `Virtual PCD 00 00`, 35964 for `Virtual PCD 00 01`. */
  port: number;
  /** Called when processing a command fails (e.g. a deliberate tear); the socket is then dropped. */
  onError?: (err: unknown) => void;
}

const CTRL_POWER_OFF = 0x00;
const CTRL_POWER_ON = 0x01;
const CTRL_RESET = 0x02;
const CTRL_GET_ATR = 0x04;

export function attachToVpcd(card: CardEmulator, options: AttachToVpcdOptions): VpcdAttachment {
  const socket = net.connect({ host: options.host ?? '127.0.0.1', port: options.port });
  socket.setNoDelay(true);
  let buffered = Buffer.alloc(0);
  let queue = Promise.resolve();
  const ready = new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);

  const send = (payload: Buffer): void => {
    const header = Buffer.alloc(2);
    header.writeUInt16BE(payload.length, 0);
    socket.write(Buffer.concat([header, payload]));
  };

  const handle = async (msg: Buffer): Promise<void> => {
    if (msg.length === 1) {
      const ctrl = msg[0];
      if (ctrl === CTRL_POWER_OFF) card.powerOff();
      else if (ctrl === CTRL_POWER_ON || ctrl === CTRL_RESET) card.reset();
      else if (ctrl === CTRL_GET_ATR) send(card.atr);
      return;
    }
    try {
      send(await card.process(msg));
    } catch (err) {
      card.powerOff();
      options.onError?.(err);
      socket.destroy();
    }
  };

  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 2) {
      const len = buffered.readUInt16BE(0);
      if (buffered.length < 2 + len) break;
      const msg = buffered.subarray(2, 2 + len);
      buffered = buffered.subarray(2 + len);
      queue = queue.then(() => handle(Buffer.from(msg)));
    }
  });

  return {
    ready,
    async close(): Promise<void> {
      if (!socket.destroyed) socket.destroy();
      await closed;
    },
  };
}
