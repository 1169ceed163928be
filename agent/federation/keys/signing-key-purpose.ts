// SPDX-License-Identifier: UNLICENSED
/** Vault purpose of a sealed token-signing private key (PKCS#8 DER), bound into the envelope's AEAD. */
export const SIGNING_KEY_PURPOSE = 'signing-key';
