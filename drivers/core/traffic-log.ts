// SPDX-License-Identifier: UNLICENSED
/**
 * Traffic logging: the level below debug, for raw APDUs (yubikit `LOG_LEVEL.TRAFFIC`). Off unless a sink
 * is given. Every line goes through a per-protocol `TrafficMasker`, so secrets (OATH keys, password
 * responses, Token2 cryptograms and seeds) never reach the sink in clear (STYLE rule 32).
 *
 * Line format: `>> <command hex>` for a command, `<< <reply data hex> <SW>` for its reply (the SW in
 * upper-case hex, as `formatSw`), `!! <code> <message>` for a failed exchange. Masked byte runs appear
 * as `‹N bytes masked›`.
 */
import { toHex } from './bytes.js';
import { DriverError, formatSw } from './errors.js';

/** Receives one finished log line. Adapt an agent Logger with `(line) => logger.trace({}, line)`. */
export type TrafficSink = (line: string) => void;

/**
 * Renders one protocol's traffic with its secret bytes replaced. Implementations must mask
 * conservatively: when a command cannot be parsed, mask its whole data field.
 */
export interface TrafficMasker {
  /** The command APDU as it may be logged. */
  command(apdu: Buffer): string;
  /** The reply data (SW excluded) as it may be logged; `command` is the APDU it answers. */
  response(data: Buffer, sw: number, command: Buffer): string;
}

/** A half-open byte range `[start, end)` to hide. */
export type MaskRange = readonly [start: number, end: number];

/** Hex of `bytes` with each range replaced by `‹N bytes masked›`. Ranges may overlap or be unsorted. */
export function maskedHex(bytes: Buffer, ranges: readonly MaskRange[]): string {
  const hidden = new Uint8Array(bytes.length);
  for (const [start, end] of ranges) hidden.fill(1, Math.max(0, start), Math.min(bytes.length, end));
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    let j = i;
    while (j < bytes.length && hidden[j] === hidden[i]) j++;
    out += hidden[i] ? `‹${j - i} bytes masked›` : toHex(bytes.subarray(i, j));
    i = j;
  }
  return out;
}

/** Bytes of the command header before the data field: CLA INS P1 P2 and Lc (3 bytes when extended). */
export function apduHeaderLength(apdu: Buffer): number {
  if (apdu.length <= 5) return apdu.length;
  return apdu[4] === 0 && apdu.length > 7 ? 7 : 5;
}

/** The safe default for a protocol without its own masker: headers shown, every data byte masked. */
export const MASK_ALL_DATA: TrafficMasker = {
  command: (apdu) => maskedHex(apdu, [[apduHeaderLength(apdu), apdu.length]]),
  response: (data) => maskedHex(data, [[0, data.length]]),
};

export class TrafficLogger {
  readonly #sink: TrafficSink;

  constructor(sink: TrafficSink) {
    this.#sink = sink;
  }

  command(apdu: Buffer, masker: TrafficMasker): void {
    this.#sink(`>> ${masker.command(apdu)}`);
  }

  response(data: Buffer, sw: number, command: Buffer, masker: TrafficMasker): void {
    const body = masker.response(data, sw, command);
    this.#sink(`<< ${body === '' ? '' : `${body} `}${formatSw(sw)}`);
  }

  failure(err: unknown): void {
    const code = err instanceof DriverError ? err.code : 'ERR_UNKNOWN';
    this.#sink(`!! ${code} ${err instanceof Error ? err.message : String(err)}`);
  }
}
