// SPDX-License-Identifier: UNLICENSED
/** Which command tears: the n-th one processed after arming (1 = the next), or the first matching one. */
export type TearMatch = number | ((apdu: Buffer) => boolean);

export interface TearOptions {
  /** True: the command's write reaches persistent state before the card leaves. Default false (nothing written). */
  applyWrite?: boolean;
}

/** A one-shot "card leaves the field during this command" trigger, shared by the card emulators. */
export class TearTrigger {
  #match: TearMatch | null = null;
  #seen = 0;
  #applyWrite = false;

  arm(match: TearMatch, options: TearOptions = {}): void {
    if (typeof match === 'number' && (!Number.isInteger(match) || match < 1)) throw new RangeError('tear index must be ≥ 1');
    this.#match = match;
    this.#seen = 0;
    this.#applyWrite = options.applyWrite ?? false;
  }

  /** Called once per command; returns the tear to perform (and disarms) or null. */
  check(apdu: Buffer): { applyWrite: boolean } | null {
    const match = this.#match;
    if (match === null) return null;
    this.#seen++;
    const hit = typeof match === 'number' ? this.#seen === match : match(apdu);
    if (!hit) return null;
    this.#match = null;
    return { applyWrite: this.#applyWrite };
  }

  /**
   * Runs `command` for `apdu` under the trigger. On a tear, `removed()` (which powers the card off and
   * returns the `ERR_CARD_REMOVED` error) is thrown: before `command` runs, or after it when the tear
   * applies the write.
   */
  async run<T>(apdu: Buffer, command: () => T | Promise<T>, removed: () => Error): Promise<T> {
    const tear = this.check(apdu);
    if (tear !== null && !tear.applyWrite) throw removed();
    const out = await command();
    if (tear !== null) throw removed();
    return out;
  }
}
