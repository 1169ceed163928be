// SPDX-License-Identifier: UNLICENSED
import { toHex } from '../../core/bytes.js';
import type { TrafficMasker } from '../../core/traffic-log.js';
import { maskToken2Apdu } from './mask-token2-apdu.js';

/**
 * Traffic masker for Token2 single-profile and Molto2 sessions: commands through `maskToken2Apdu`; replies shown
 * (challenges, serials, clocks and public profile data carry no secret).
 */
export const TOKEN2_TRAFFIC_MASKER: TrafficMasker = {
  command: maskToken2Apdu,
  response: (data) => toHex(data),
};
