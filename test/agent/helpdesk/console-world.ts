// SPDX-License-Identifier: UNLICENSED
import { createDeviceManager, type DeviceManager } from '../../../drivers/device-manager.js';
import type { CardEmulator } from '../../../drivers/emulator/card-emulator.js';
import { createProgramConsole, type ProgramConsole, type ProgramConsoleOptions } from '../../../agent/helpdesk/create-program-console.js';
import type { StaffIdentity } from '../../../agent/helpdesk/helpdesk-access.js';
import { createNullLogger } from '../../../agent/log/logger.js';
import { createSystemRandom } from '../../../agent/ports/random.js';
import { createTokenProgrammer, type TokenProgrammer } from '../../../agent/tokens/create-token-programmer.js';
import { useTestServices, type TestServices } from '../../helpers/open-test-services.js';
import { EmulatedReaders } from '../tokens/emulated-readers.js';

export const READER = 'Emulated PCD 00 00';
export const OTHER_READER = 'Emulated PCD 00 01';
/** 10 s into a 30 s step. */
export const T0 = Date.UTC(2026, 11, 1, 12, 0, 10);

export interface ConsoleWorld extends TestServices {
  readers: EmulatedReaders;
  devices: DeviceManager;
  programmer: TokenProgrammer;
  console: ProgramConsole;
  /** helpdesk@contoso.com (role helpdesk), admin@contoso.com (admin), other@contoso.com (helpdesk). */
  staff: { helpdesk: StaffIdentity; admin: StaffIdentity; other: StaffIdentity };
}

/** A card no supported application answers on: every command gets `6D00` (INS not supported). */
export class UnknownCard implements CardEmulator {
  readonly atr = Buffer.from('3b8f8001804f0ca000000306030001000000006a', 'hex');
  reset(): void {}
  powerOff(): void {}
  async process(): Promise<Buffer> {
    await new Promise((r) => setImmediate(r));
    return Buffer.from([0x6d, 0x00]);
  }
}

/**
 * The daemon's real services on a hand-moved clock at `T0`, two in-process emulated readers behind the real device
 * manager, the real token programmer, and the console under test. Users alice@ and bob@ exist, and three staff
 * members (granted in the directory).
 */
export function useConsoleWorld(): (options?: ProgramConsoleOptions) => Promise<ConsoleWorld> {
  const open = useTestServices();
  return async (options) => {
    const t = await open('', T0);
    const { services, clock, rt } = t;
    const readers = new EmulatedReaders([READER, OTHER_READER]);
    const devices = createDeviceManager({ backend: readers, clock });
    const random = createSystemRandom();
    const logger = createNullLogger();
    const programmer = createTokenProgrammer({
      store: services.store, vault: services.vault, audit: services.audit, clock, random, logger, devices, verifier: services.otp,
      issuer: rt.config.otp.issuer,
      window: { totpWindow: rt.config.otp.window, hotpLookAhead: rt.config.otp.hotpLookAhead, maxDriftSteps: rt.config.otp.maxDriftSteps },
      policy: { algorithm: 'SHA1', digits: 6, period: 30 },
      limits: { buttonPollMs: 1, codeTimeoutMs: 10_000 },
    });
    const actor = { id: 'cli:test', source: 'cli' };
    const staff = {} as ConsoleWorld['staff'];
    for (const [key, upn, role] of [['helpdesk', 'helpdesk@contoso.com', 'helpdesk'], ['admin', 'admin@contoso.com', 'admin'], ['other', 'other@contoso.com', 'helpdesk']] as const) {
      const u = await services.directory.users.add({ upn, displayName: key }, actor);
      await services.directory.staff.grant(upn, role, actor);
      staff[key] = { userId: u.id, upn, role };
    }
    for (const upn of ['alice@contoso.com', 'bob@contoso.com']) await services.directory.users.add({ upn, displayName: upn.slice(0, 3) }, actor);
    const console = createProgramConsole({ programmer, devices, clock, random, logger, ...(options ? { options } : {}) });
    return { ...t, readers, devices, programmer, console, staff };
  };
}

/** Resolves when `predicate` holds, polling each macrotask (jobs run on the event loop). */
export async function until(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}
