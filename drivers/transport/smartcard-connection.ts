// SPDX-License-Identifier: UNLICENSED
/**
 * The smart-card transport: one APDU in, one response out. Implemented by the PC/SC backend
 * (`drivers/backends/pcsc.ts`), by the in-process card emulators, and by the framing decorators in
 * this folder (GET RESPONSE, SEND REMAINING), which wrap a `delegate` connection.
 */

export interface ApduResponse {
  /** Response data without the status word. */
  data: Buffer;
  /** SW1SW2 as one 16-bit number (`0x9000` = success). */
  sw: number;
}

export interface SmartCardConnection {
  /** How the card is reached. NFC cards can leave the field at any time; USB CCID devices rarely do. */
  readonly kind: 'usb' | 'nfc';
  /**
   * Sends one command APDU (header, Lc, data, Le exactly as given) and resolves with the card's reply.
   * Contract:
   * - resolves on a later tick, never synchronously;
   * - rejects an overlapping call (a second `transmit` before the first settles) with `ERR_PROTOCOL`;
   * - rejects with `ERR_CARD_REMOVED` when the card leaves mid-command, `ERR_READER_GONE` when the reader does,
   *   `ERR_TRUNCATED_RESPONSE` when the reply is shorter than two bytes, `ERR_CANCELED` after `close()`.
   * Status words are returned, not thrown: interpreting them is the protocol's job.
   */
  transmit(apdu: Buffer): Promise<ApduResponse>;
  /** Releases the card. Idempotent. Pending and later `transmit` calls reject with `ERR_CANCELED`. */
  close(): Promise<void>;
}
