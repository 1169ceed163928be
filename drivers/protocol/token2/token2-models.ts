// SPDX-License-Identifier: UNLICENSED
/**
 * Single-profile Token2 models, keyed by the first 7 digits of the serial (token-hardware.md §2.2).
 * `keepsSeedOnTimeSync` is from token2/t2nfc_burner `Token2Protocol.kt`; every other model is
 * "restricted-sync": a config/time write clears its seed (the firmware default `restricted_sync=1`).
 */
export interface Token2Model {
  /** First 7 serial digits. */
  readonly prefix: string;
  /** Token2's product name. */
  readonly name: string;
  /** True when a config/time write leaves the seed in place; false means the seed is erased. */
  readonly keepsSeedOnTimeSync: boolean;
}

export const TOKEN2_MODELS: readonly Token2Model[] = Object.freeze([
  { prefix: '8659612', name: 'OTPC-P1-i', keepsSeedOnTimeSync: true },
  { prefix: '8659622', name: 'OTPC-P2-i', keepsSeedOnTimeSync: false },
  { prefix: '8659621', name: 'OTPC-P2-i-NB', keepsSeedOnTimeSync: false },
  { prefix: '8659600', name: 'miniOTP-2-i', keepsSeedOnTimeSync: true },
  { prefix: '8659601', name: 'miniOTP-3-i', keepsSeedOnTimeSync: false },
  { prefix: '8659609', name: 'miniOTP-3-i-NB', keepsSeedOnTimeSync: false },
  { prefix: '8659610', name: 'C301-i', keepsSeedOnTimeSync: false },
  { prefix: '8659632', name: 'C302-i', keepsSeedOnTimeSync: true },
]);

const PREFIX_LENGTH = 7;

/** The model a serial belongs to, or null for an unknown prefix (callers refuse those). */
export function token2ModelForSerial(serial: string): Token2Model | null {
  return TOKEN2_MODELS.find((m) => m.prefix === serial.slice(0, PREFIX_LENGTH)) ?? null;
}

/** The model with this product name, or null. */
export function token2ModelByName(name: string): Token2Model | null {
  return TOKEN2_MODELS.find((m) => m.name === name) ?? null;
}
