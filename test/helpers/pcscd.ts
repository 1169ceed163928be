// SPDX-License-Identifier: UNLICENSED
/** The virtual readers for tests; pcscd itself is started once per vitest run by `test/setup/pcscd-global.ts`. */
export { isPcscdRunning, PCSCD_SOCKET, VIRTUAL_READERS, waitForVpcd, withVirtualReader, type VirtualReader } from '../../drivers/emulator/virtual-readers.js';
