// SPDX-License-Identifier: UNLICENSED
/**
 * BER-style TLV as YKOATH and the other smart-card applets use it (token-hardware.md §1.3):
 *
 *   tag:    one byte, or a multi-byte tag when the low five bits of the first byte are all set
 *           (following bytes continue while bit 8 is set), as yubikit `Tlv` reads them;
 *   length: 00–7F one byte; 81 LL for 128–255; 82 HH LL up to 65535; 83 for 24-bit lengths;
 *   value:  `length` bytes.
 *
 * Encoding always uses the shortest length form. A length or value running past the end of the
 * buffer is `ERR_TRUNCATED_RESPONSE`; a length form the spec does not allow (80, 84+) is `ERR_PROTOCOL`.
 */
import { DriverError } from './errors.js';

export interface Tlv {
  tag: number;
  value: Buffer;
}

/** One parsed TLV plus where the next one starts. */
export interface TlvAt extends Tlv {
  /** Offset just past this TLV's value. */
  end: number;
}

/** The length field for `length`: `05`, `81 80`, `82 01 00`, `83 01 00 00`. */
export function encodeLength(length: number): Buffer {
  if (!Number.isInteger(length) || length < 0 || length > 0xffffff) {
    throw new DriverError('ERR_INVALID_ARGUMENT', `TLV length out of range: ${length}`);
  }
  if (length < 0x80) return Buffer.from([length]);
  if (length <= 0xff) return Buffer.from([0x81, length]);
  if (length <= 0xffff) return Buffer.from([0x82, length >> 8, length & 0xff]);
  return Buffer.from([0x83, length >> 16, (length >> 8) & 0xff, length & 0xff]);
}

function encodeTag(tag: number): Buffer {
  if (!Number.isInteger(tag) || tag < 0 || tag > 0xffffff) throw new DriverError('ERR_INVALID_ARGUMENT', `TLV tag out of range: ${tag}`);
  if (tag <= 0xff) return Buffer.from([tag]);
  if (tag <= 0xffff) return Buffer.from([tag >> 8, tag & 0xff]);
  return Buffer.from([tag >> 16, (tag >> 8) & 0xff, tag & 0xff]);
}

/** `tag ‖ length ‖ value`. An omitted value encodes as length 0 (`73 00`). */
export function encodeTlv(tag: number, value: Uint8Array = Buffer.alloc(0)): Buffer {
  return Buffer.concat([encodeTag(tag), encodeLength(value.length), value]);
}

function truncated(what: string, offset: number): DriverError {
  return new DriverError('ERR_TRUNCATED_RESPONSE', `TLV ${what} runs past the end of the data at offset ${offset}`, { data: { offset } });
}

/** Parses the TLV starting at `offset`. */
export function parseTlvAt(data: Buffer, offset = 0): TlvAt {
  let pos = offset;
  const byteAt = (what: string): number => {
    const b = data[pos];
    if (b === undefined) throw truncated(what, pos);
    pos += 1;
    return b;
  };
  let tag = byteAt('tag');
  if ((tag & 0x1f) === 0x1f) {
    let b: number;
    do {
      b = byteAt('tag');
      tag = (tag << 8) | b;
    } while (b & 0x80);
  }
  let length = byteAt('length');
  if (length > 0x80 && length <= 0x83) {
    const n = length - 0x80;
    length = 0;
    for (let i = 0; i < n; i++) length = (length << 8) | byteAt('length');
  } else if (length >= 0x80) {
    throw new DriverError('ERR_PROTOCOL', `TLV length form 0x${length.toString(16)} is not allowed (offset ${pos - 1})`, { data: { offset: pos - 1 } });
  }
  if (pos + length > data.length) throw truncated('value', pos);
  return { tag, value: data.subarray(pos, pos + length), end: pos + length };
}

/** Parses a concatenation of TLVs (an empty buffer is an empty list). */
export function parseTlvs(data: Buffer): Tlv[] {
  const out: Tlv[] = [];
  let offset = 0;
  while (offset < data.length) {
    const { tag, value, end } = parseTlvAt(data, offset);
    out.push({ tag, value });
    offset = end;
  }
  return out;
}

/** The value of the single TLV `data` must consist of; `ERR_PROTOCOL` for another tag or trailing bytes. */
export function unpackTlv(tag: number, data: Buffer): Buffer {
  const tlv = parseTlvAt(data, 0);
  if (tlv.tag !== tag) {
    throw new DriverError('ERR_PROTOCOL', `expected TLV tag 0x${tag.toString(16)}, got 0x${tlv.tag.toString(16)}`, { data: { tag: tlv.tag } });
  }
  if (tlv.end !== data.length) throw new DriverError('ERR_PROTOCOL', `${data.length - tlv.end} bytes after TLV 0x${tag.toString(16)}`);
  return tlv.value;
}

/** Tag → value of the first occurrence, for replies whose TLVs each appear once (SELECT). */
export function tlvMap(data: Buffer): Map<number, Buffer> {
  const map = new Map<number, Buffer>();
  for (const { tag, value } of parseTlvs(data)) if (!map.has(tag)) map.set(tag, value);
  return map;
}
