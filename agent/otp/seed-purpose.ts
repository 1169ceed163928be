// SPDX-License-Identifier: UNLICENSED
/** Vault purpose of OATH token seeds; bound into each sealed seed's AEAD associated data. */
export const SEED_PURPOSE = 'token-seed';
