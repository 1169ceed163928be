// SPDX-License-Identifier: UNLICENSED
/**
 * The part of nfc-pcsc 0.8.1 (no bundled types) that `pcsc.ts` uses, as read from its `src/`.
 * `Reader.reader` is the underlying @pokusew/pcsclite `CardReader` (its `status` event is documented there).
 */
declare module 'nfc-pcsc' {
  import type { EventEmitter } from 'node:events';

  export const CONNECT_MODE_CARD: 'CONNECT_MODE_CARD';
  export const CONNECT_MODE_DIRECT: 'CONNECT_MODE_DIRECT';

  export interface PcscliteStatus {
    state: number;
    atr?: Buffer;
  }

  export interface PcscliteCardReader extends EventEmitter {
    readonly name: string;
    readonly connected: boolean;
    readonly SCARD_SHARE_EXCLUSIVE: number;
    readonly SCARD_STATE_EMPTY: number;
    readonly SCARD_STATE_PRESENT: number;
    readonly SCARD_STATE_MUTE: number;
    readonly SCARD_LEAVE_CARD: number;
    readonly SCARD_RESET_CARD: number;
    readonly SCARD_UNPOWER_CARD: number;
    connect(options: { share_mode?: number; protocol?: number }, cb: (err: Error | null | undefined, protocol?: number) => void): void;
  }

  export interface NfcCard {
    atr?: Buffer;
    standard?: string;
    type?: string;
  }

  export class Reader extends EventEmitter {
    readonly name: string;
    readonly reader: PcscliteCardReader;
    autoProcessing: boolean;
    card: NfcCard | null;
    connection: { type: number; protocol: number } | null;
    connect(mode?: 'CONNECT_MODE_CARD' | 'CONNECT_MODE_DIRECT'): Promise<{ type: number; protocol: number }>;
    disconnect(): Promise<boolean>;
    /** Resolves with the reply including SW1 SW2; throws synchronously when no card is connected. */
    transmit(data: Buffer, responseMaxLength: number): Promise<Buffer>;
    close(): void;
  }

  export class NFC extends EventEmitter {
    constructor(logger?: unknown);
    readonly pcsc: EventEmitter & { start(cb: (err: unknown, data: Buffer) => void): void };
    close(): void;
  }
}
