// SPDX-License-Identifier: UNLICENSED
import type { ApduResponse, SmartCardConnection } from '../../transport/smartcard-connection.js';

/** Passes every call to `delegate` and counts the APDUs transmitted (sessions report it per operation). */
export class CountingConnection implements SmartCardConnection {
  readonly #delegate: SmartCardConnection;
  #count = 0;

  constructor(delegate: SmartCardConnection) {
    this.#delegate = delegate;
  }

  get kind(): 'usb' | 'nfc' {
    return this.#delegate.kind;
  }

  /** APDUs handed to the delegate so far. */
  get count(): number {
    return this.#count;
  }

  transmit(apdu: Buffer): Promise<ApduResponse> {
    this.#count++;
    return this.#delegate.transmit(apdu);
  }

  close(): Promise<void> {
    return this.#delegate.close();
  }
}
