// SPDX-License-Identifier: UNLICENSED
/**
 * A `SmartCardConnection` that replays a recorded transcript (STYLE rule 36; the `{send, recv}` steps of
 * `test/fixtures/transcripts/*.jsonl`): each `transmit` must send
 * exactly the next recorded command, and gets the recorded reply. Anything else — a different command,
 * or a command after the end — rejects with `ERR_PROTOCOL` naming both byte strings, and the
 * connection stays failed so a caught error cannot hide the divergence.
 */
import { fromHex, toHex } from '../core/bytes.js';
import { DriverError } from '../core/errors.js';
import type { ApduResponse, SmartCardConnection } from '../transport/smartcard-connection.js';

export interface ScriptedExchange {
  /** The command APDU, hex (spaces allowed). */
  send: string;
  /** The reply, hex: data followed by SW1 SW2. */
  recv: string;
}

export class ScriptedConnection implements SmartCardConnection {
  readonly kind: 'usb' | 'nfc';
  readonly #script: readonly ScriptedExchange[];
  #next = 0;
  #failure: DriverError | null = null;
  #closed = false;

  constructor(script: readonly ScriptedExchange[], options: { kind?: 'usb' | 'nfc' } = {}) {
    this.#script = script;
    this.kind = options.kind ?? 'nfc';
  }

  /** Exchanges not yet replayed. */
  get remaining(): number {
    return this.#script.length - this.#next;
  }

  /** Throws the first divergence, or `ERR_PROTOCOL` when recorded exchanges were not sent. */
  assertComplete(): void {
    if (this.#failure) throw this.#failure;
    if (this.remaining > 0) {
      throw new DriverError('ERR_PROTOCOL', `${this.remaining} scripted exchanges were not sent; next: ${this.#script[this.#next]?.send}`);
    }
  }

  async transmit(apdu: Buffer): Promise<ApduResponse> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.#closed) throw new DriverError('ERR_CANCELED', 'the connection is closed');
    if (this.#failure) throw this.#failure;
    const index = this.#next;
    const expected = this.#script[index];
    const sent = toHex(apdu);
    const want = expected ? toHex(fromHex(expected.send)) : null;
    if (expected === undefined || sent !== want) {
      this.#failure = new DriverError('ERR_PROTOCOL', `unexpected command #${index}: sent ${sent}, script expects ${want ?? 'nothing more'}`, { data: { index, sent, expected: want } });
      throw this.#failure;
    }
    this.#next += 1;
    const reply = fromHex(expected.recv);
    if (reply.length < 2) throw new DriverError('ERR_TRUNCATED_RESPONSE', `scripted reply #${index} has no status word`);
    return { data: reply.subarray(0, reply.length - 2), sw: reply.readUInt16BE(reply.length - 2) };
  }

  async close(): Promise<void> {
    this.#closed = true;
  }
}
