// SPDX-License-Identifier: UNLICENSED
import { createDeviceManager, type DeviceManager } from '../../../drivers/device-manager.js';
import { createNullLogger } from '../../../agent/log/logger.js';
import { SEED_PURPOSE } from '../../../agent/otp/seed-purpose.js';
import { createSystemRandom } from '../../../agent/ports/random.js';
import {
  createTokenProgrammer, type ProgramEvent, type ProgramResult, type ProgrammingPolicy, type SubmitCodeResult, type TokenProgrammer,
  type TokenProgrammerDeps, type ProgramInput, type ProgramJob,
} from '../../../agent/tokens/create-token-programmer.js';
import type { TokenRecord } from '../../../agent/store/store.js';
import { useTestServices, type TestServices } from '../../helpers/open-test-services.js';
import { EmulatedReaders } from './emulated-readers.js';

export const READER = 'Emulated PCD 00 00';
export const OTHER_READER = 'Emulated PCD 00 01';
export const ACTOR = { id: 'staff:helpdesk@contoso.com', source: '10.1.1.1' };
/** 10 s into a 30 s step. */
export const T0 = Date.UTC(2026, 11, 1, 12, 0, 10);

export interface RunOptions {
  /** Answers each `enter_code` with this (null: no answer). */
  code?: (e: Extract<ProgramEvent, { type: 'enter_code' }>) => string | null;
  /** Called on `press_button` (press ▲ on the emulated Molto2). */
  press?: () => void;
  onEvent?: (e: ProgramEvent, job: ProgramJob) => void;
}

export interface RunOutcome {
  result: ProgramResult;
  events: ProgramEvent[];
  replies: SubmitCodeResult[];
}

export interface ProgrammingWorld extends TestServices {
  readers: EmulatedReaders;
  devices: DeviceManager;
  programmer: TokenProgrammer;
  run(input?: Partial<ProgramInput>, opts?: RunOptions): Promise<RunOutcome>;
  /** The active (or pending, with `pending`) seed of a token, from the vault. */
  seedOf(serial: string, which?: 'active' | 'pending'): Promise<Buffer | null>;
  row(serial: string): Promise<TokenRecord | null>;
}

/**
 * The real services (SQLite, vault, verifier, audit) at `T0` (or `start`) on a hand-moved clock, two in-process readers with
 * emulated cards, the real device manager, and the programmer under test; users alice and bob exist.
 */
export function useProgrammingWorld(): (over?: { policy?: Partial<ProgrammingPolicy>; deps?: Partial<TokenProgrammerDeps>; start?: number }) => Promise<ProgrammingWorld> {
  const open = useTestServices();
  return async (over = {}) => {
    const t = await open('', over.start ?? T0);
    const { services, clock, rt } = t;
    const readers = new EmulatedReaders([READER, OTHER_READER]);
    const devices = createDeviceManager({ backend: readers, clock });
    const programmer = createTokenProgrammer({
      store: services.store, vault: services.vault, audit: services.audit, clock, random: createSystemRandom(), logger: createNullLogger(),
      devices, verifier: services.otp, issuer: rt.config.otp.issuer,
      window: { totpWindow: rt.config.otp.window, hotpLookAhead: rt.config.otp.hotpLookAhead, maxDriftSteps: rt.config.otp.maxDriftSteps },
      policy: { algorithm: 'SHA1', digits: 6, period: 30, ...over.policy },
      limits: { buttonPollMs: 1, codeTimeoutMs: 5_000 },
      ...over.deps,
    });
    for (const upn of ['alice@contoso.com', 'bob@contoso.com']) {
      await services.directory.users.add({ upn, displayName: upn.split('@')[0] ?? upn }, ACTOR);
    }
    const row = (serial: string) => services.store.tokens.getBySerial(serial);
    return {
      ...t, readers, devices, programmer, row,
      async run(input = {}, opts = {}) {
        const events: ProgramEvent[] = [];
        const replies: SubmitCodeResult[] = [];
        const job: ProgramJob = programmer.program({ reader: READER, actor: ACTOR, ...input }, (e) => {
          events.push(e);
          if (e.type === 'enter_code' && opts.code) {
            const code = opts.code(e);
            if (code !== null) void job.submitCode(code).then((r) => replies.push(r));
          }
          if (e.type === 'press_button') opts.press?.();
          opts.onEvent?.(e, job);
        });
        return { result: await job.done, events, replies };
      },
      async seedOf(serial, which = 'active') {
        const r = await row(serial);
        if (!r) return null;
        const id = which === 'active' ? r.seedSecretId : (await services.store.tokens.programmingState(r.id))?.pendingSeedSecretId ?? null;
        return id === null ? null : services.vault.open(id, SEED_PURPOSE);
      },
    };
  };
}
