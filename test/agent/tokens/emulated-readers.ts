// SPDX-License-Identifier: UNLICENSED
import { DriverError } from '../../../drivers/core/errors.js';
import type { CardEmulator } from '../../../drivers/emulator/card-emulator.js';
import { createEmulatedConnection } from '../../../drivers/emulator/create-emulated-connection.js';
import type { SmartCardBackend, SmartCardEvent, SmartCardEventListener, SmartCardReaderState } from '../../../drivers/smartcard-backend.js';
import type { SmartCardConnection } from '../../../drivers/transport/smartcard-connection.js';

interface Slot {
  card: CardEmulator | null;
  kind: 'usb' | 'nfc';
  /** Bumped whenever the card changes: connections to an older card fail with ERR_CARD_REMOVED. */
  generation: number;
}

/**
 * In-process readers for tests: a `SmartCardBackend` whose cards are emulators put in (`insert`, a tap) and taken
 * out (`remove`). A command torn by the emulator (`ERR_CARD_REMOVED`) also takes the card out of the reader, as a
 * card leaving the field does. Events are delivered synchronously, like the PC/SC backend's.
 */
export class EmulatedReaders implements SmartCardBackend {
  readonly #slots = new Map<string, Slot>();
  readonly #listeners = new Set<SmartCardEventListener>();
  /** APDUs sent to each reader since it was created. */
  readonly apdus = new Map<string, number>();

  constructor(names: readonly string[]) {
    for (const name of names) {
      this.#slots.set(name, { card: null, kind: 'nfc', generation: 0 });
      this.apdus.set(name, 0);
    }
  }

  async listReaders(): Promise<SmartCardReaderState[]> {
    return [...this.#slots].map(([name, s]) => ({ name, card: s.card ? { atr: s.card.atr } : null }));
  }

  subscribe(listener: SmartCardEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async connect(reader: string): Promise<SmartCardConnection> {
    const slot = this.#slots.get(reader);
    if (!slot) throw new DriverError('ERR_READER_GONE', `no reader named "${reader}"`, { data: { reader } });
    const card = slot.card;
    if (!card) throw new DriverError('ERR_CARD_REMOVED', `no card in ${reader}`, { data: { reader } });
    const generation = slot.generation;
    const inner = createEmulatedConnection(card, { kind: slot.kind });
    return {
      kind: slot.kind,
      transmit: async (apdu) => {
        if (slot.generation !== generation) throw new DriverError('ERR_CARD_REMOVED', 'the card left the reader', { data: { reader } });
        this.apdus.set(reader, (this.apdus.get(reader) ?? 0) + 1);
        try {
          return await inner.transmit(apdu);
        } catch (err) {
          if (err instanceof DriverError && err.code === 'ERR_CARD_REMOVED' && slot.generation === generation) this.remove(reader);
          throw err;
        }
      },
      close: () => inner.close(),
    };
  }

  /** Puts `card` on the reader (a tap). */
  insert(reader: string, card: CardEmulator, kind: 'usb' | 'nfc' = 'nfc'): void {
    const slot = this.#slot(reader);
    if (slot.card) this.remove(reader);
    card.reset();
    Object.assign(slot, { card, kind, generation: slot.generation + 1 });
    this.#emit({ type: 'card-inserted', reader, atr: card.atr });
  }

  /** Takes the card off the reader; nothing happens when it is empty. */
  remove(reader: string): void {
    const slot = this.#slot(reader);
    if (!slot.card) return;
    slot.card.powerOff();
    Object.assign(slot, { card: null, generation: slot.generation + 1 });
    this.#emit({ type: 'card-removed', reader });
  }

  hasCard(reader: string): boolean {
    return this.#slot(reader).card !== null;
  }

  async close(): Promise<void> {
    this.#listeners.clear();
  }

  #slot(reader: string): Slot {
    const slot = this.#slots.get(reader);
    if (!slot) throw new Error(`no reader ${reader}`);
    return slot;
  }

  #emit(e: SmartCardEvent): void {
    for (const l of [...this.#listeners]) l(e);
  }
}
