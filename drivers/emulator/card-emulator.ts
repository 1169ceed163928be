// SPDX-License-Identifier: UNLICENSED
/**
 * What a card emulator is to the transports that carry it: an ATR, power control and one C-APDU in,
 * one R-APDU (`data ‖ SW1 SW2`) out. Emulators model the device's state machine behind this; the same
 * instance can be reached in process (`createEmulatedConnection`) or through real pcscd (`attachToVpcd`).
 */
export interface CardEmulator {
  /** Answer-to-reset sent to the reader on power-up. */
  readonly atr: Buffer;
  /** Power-up or warm reset: volatile state (selected application, authentication) is cleared. */
  reset(): void;
  /** The card left the field or lost power: volatile state is cleared; persistent state stays. */
  powerOff(): void;
  /**
   * Processes one command APDU and returns the response APDU (data followed by the status word).
   * Rejects with `DriverError('ERR_CARD_REMOVED')` when the emulator was told to tear during this command;
   * whatever the command had already written to persistent state stays written, as on a real card.
   */
  process(apdu: Buffer): Promise<Buffer>;
}
