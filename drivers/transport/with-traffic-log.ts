// SPDX-License-Identifier: UNLICENSED
import type { TrafficLogger, TrafficMasker } from '../core/traffic-log.js';
import type { ApduResponse, SmartCardConnection } from './smartcard-connection.js';

/** Logs every exchange on `delegate` through `logger`, rendered by `masker`; failures are logged and rethrown. */
export class TrafficLoggingConnection implements SmartCardConnection {
  constructor(
    private readonly delegate: SmartCardConnection,
    private readonly logger: TrafficLogger,
    private readonly masker: TrafficMasker,
  ) {}

  get kind(): 'usb' | 'nfc' {
    return this.delegate.kind;
  }

  async transmit(apdu: Buffer): Promise<ApduResponse> {
    this.logger.command(apdu, this.masker);
    try {
      const reply = await this.delegate.transmit(apdu);
      this.logger.response(reply.data, reply.sw, apdu, this.masker);
      return reply;
    } catch (err) {
      this.logger.failure(err);
      throw err;
    }
  }

  close(): Promise<void> {
    return this.delegate.close();
  }
}

/** `conn` with its traffic logged (place it closest to the wire, under the chaining decorators). */
export function withTrafficLog(conn: SmartCardConnection, logger: TrafficLogger, masker: TrafficMasker): SmartCardConnection {
  return new TrafficLoggingConnection(conn, logger, masker);
}
