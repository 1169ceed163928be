// SPDX-License-Identifier: UNLICENSED
/**
 * What YKOATH traffic may show in a log (STYLE rule 32). Masked always:
 * - PUT: the key bytes of tag 73 (the type/algorithm and digits bytes stay visible);
 * - SET CODE and VALIDATE: the password key (73) and every HMAC response (75), in both directions;
 * - CALCULATE / CALCULATE ALL replies: the codes (75, 76), which are live one-time passwords;
 * - SEND REMAINING replies: all data (a continuation cannot be parsed on its own).
 * Anything that does not parse as expected has its whole data field masked.
 */
import { parseTlvAt } from '../core/tlv.js';
import { apduHeaderLength, maskedHex, type MaskRange, type TrafficMasker } from '../core/traffic-log.js';
import {
  INS_CALCULATE,
  INS_CALCULATE_ALL,
  INS_PUT,
  INS_SEND_REMAINING,
  INS_SET_CODE,
  INS_VALIDATE,
  TAG_KEY,
  TAG_PROPERTY,
  TAG_RESPONSE,
  TAG_TRUNCATED,
} from './ykoath-constants.js';

/** tag → how many leading value bytes stay visible; tags not listed are shown whole. */
type Secrets = ReadonlyMap<number, number>;

const PUT_SECRETS: Secrets = new Map([[TAG_KEY, 2]]);
const PASSWORD_SECRETS: Secrets = new Map([[TAG_KEY, 1], [TAG_RESPONSE, 0]]);
const CODE_SECRETS: Secrets = new Map([[TAG_RESPONSE, 1], [TAG_TRUNCATED, 1]]);

/** Ranges to mask in the TLVs of `data[start…]`; throws when they do not parse. */
function secretRanges(data: Buffer, start: number, secrets: Secrets, bareProperty: boolean): MaskRange[] {
  const ranges: MaskRange[] = [];
  let offset = start;
  while (offset < data.length) {
    if (bareProperty && data[offset] === TAG_PROPERTY) {
      offset += 2;
      continue;
    }
    const tlv = parseTlvAt(data, offset);
    const keep = secrets.get(tlv.tag);
    if (keep !== undefined) ranges.push([tlv.end - tlv.value.length + keep, tlv.end]);
    offset = tlv.end;
  }
  return ranges;
}

function maskOrAll(data: Buffer, start: number, secrets: Secrets, bareProperty = false): string {
  try {
    return maskedHex(data, secretRanges(data, start, secrets, bareProperty));
  } catch {
    return maskedHex(data, [[start, data.length]]);
  }
}

export const OATH_TRAFFIC_MASKER: TrafficMasker = {
  command(apdu) {
    const header = apduHeaderLength(apdu);
    switch (apdu[1]) {
      case INS_PUT:
        return maskOrAll(apdu, header, PUT_SECRETS, true);
      case INS_SET_CODE:
      case INS_VALIDATE:
        return maskOrAll(apdu, header, PASSWORD_SECRETS);
      default:
        return maskedHex(apdu, []);
    }
  },
  response(data, _sw, command) {
    switch (command[1]) {
      case INS_VALIDATE:
        return maskOrAll(data, 0, PASSWORD_SECRETS);
      case INS_CALCULATE:
      case INS_CALCULATE_ALL:
        return maskOrAll(data, 0, CODE_SECRETS);
      case INS_SEND_REMAINING:
        return maskedHex(data, [[0, data.length]]);
      default:
        return maskedHex(data, []);
    }
  },
};
