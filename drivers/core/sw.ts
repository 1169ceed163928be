// SPDX-License-Identifier: UNLICENSED
/**
 * ISO/IEC 7816-4 status words (SW1SW2 as one number) used by the drivers and emulators.
 * Names follow yubikit `core/smartcard.py` `SW`; YKOATH meanings per token-hardware.md §1.6.
 */
export const SW = {
  OK: 0x9000,
  /** SW1 of "more data available"; SW2 is the count (00 = 256 or more). */
  MORE_DATA_SW1: 0x61,
  /** YKOATH: generic error. */
  MEMORY_FAILURE: 0x6581,
  WRONG_LENGTH: 0x6700,
  /** YKOATH: authentication required (password set, not yet validated). */
  SECURITY_CONDITION_NOT_SATISFIED: 0x6982,
  AUTH_METHOD_BLOCKED: 0x6983,
  /** YKOATH: no such object / response does not match / authentication not enabled. */
  DATA_INVALID: 0x6984,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  COMMAND_NOT_ALLOWED: 0x6986,
  /** YKOATH: wrong syntax. */
  INCORRECT_PARAMETERS: 0x6a80,
  /** SELECT of an application the card does not have. */
  FILE_NOT_FOUND: 0x6a82,
  /** YKOATH: no space left for another credential. */
  NO_SPACE: 0x6a84,
  WRONG_PARAMETERS_P1P2: 0x6b00,
  INVALID_INSTRUCTION: 0x6d00,
  CLASS_NOT_SUPPORTED: 0x6e00,
  COMMAND_ABORTED: 0x6f00,
} as const;
