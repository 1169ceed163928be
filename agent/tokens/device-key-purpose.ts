// SPDX-License-Identifier: UNLICENSED
/** Vault purpose of per-device token keys (a Molto2 customer key that replaced the factory key). */
export const DEVICE_KEY_PURPOSE = 'token-device-key';
