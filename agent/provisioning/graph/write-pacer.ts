// SPDX-License-Identifier: UNLICENSED
import type { Clock } from '../../ports/clock.js';
import type { GraphHooks } from './graph-hooks.js';
import type { Sleep } from './sleep.js';

/** Share of the window added as a margin for latency jitter between our send and Graph's receipt. */
const WINDOW_MARGIN_RATIO = 0.02;
/** After a write-quota 429 the pace drops to this share of its current limit… */
const THROTTLE_FACTOR = 0.8;
/** …and regains this share of the configured limit per quiet window. */
const RECOVERY_STEP_RATIO = 0.1;

export interface WritePacerOptions {
  /** Writes allowed per window (config `graph.writesPerWindow`). */
  writesPerWindow: number;
  /** Window length in ms (config `graph.writeWindowSeconds` × 1000). */
  windowMs: number;
  clock: Clock;
  sleep: Sleep;
  hooks?: GraphHooks;
}

/** What a 429 told us. `writeLimit` is true when `x-ms-throttle-information` names the write quota or is absent on a write. */
export interface ThrottleSignal {
  retryAfterMs: number;
  writeLimit: boolean;
}

/**
 * Keeps writes under Graph's write quota (§4.8: 3,000 requests per 150 s per app and tenant) with a
 * sliding window: at any instant, the writes sent in the last `windowMs` (plus a 2 % margin) never
 * exceed the current limit. A sliding window is the strictest reading of the quota, so it also
 * satisfies a fixed-window or token-bucket server, and for N writes it takes
 * `(ceil(N / limit) − 1) · window` — the least the quota allows.
 * Contracts:
 * - `acquire(n)` resolves once `n` writes may be sent and records them as sent now; callers are served
 *   in call order; `acquire(0)` (a read) only waits out a throttle pause; `n` above the limit is
 *   treated as the limit (it waits for an empty window);
 * - `throttled(signal)` pauses every caller until `retryAfterMs` has passed and, for a write-quota
 *   429, lowers the limit to 80 %; each later window without a 429 restores 10 % of the configured
 *   limit.
 */
export interface WritePacer {
  acquire(writes: number): Promise<void>;
  throttled(signal: ThrottleSignal): void;
  /** The limit now in force (≤ `writesPerWindow`). */
  readonly limit: number;
}

class SlidingWindowPacer implements WritePacer {
  readonly #options: WritePacerOptions;
  readonly #windowMs: number;
  /** Send times of recent writes, oldest first, from `#head`. */
  #stamps: number[] = [];
  #head = 0;
  #limit: number;
  #pausedUntil = 0;
  #lastAdjust = 0;
  #queue: Promise<void> = Promise.resolve();

  constructor(options: WritePacerOptions) {
    this.#options = options;
    this.#limit = options.writesPerWindow;
    this.#windowMs = options.windowMs + Math.ceil(options.windowMs * WINDOW_MARGIN_RATIO);
  }

  get limit(): number {
    return this.#limit;
  }

  acquire(writes: number): Promise<void> {
    const turn = this.#queue.then(() => this.#take(writes));
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  throttled(signal: ThrottleSignal): void {
    const now = this.#options.clock.now();
    this.#pausedUntil = Math.max(this.#pausedUntil, now + signal.retryAfterMs);
    if (signal.writeLimit) {
      this.#limit = Math.max(1, Math.floor(this.#limit * THROTTLE_FACTOR));
      this.#lastAdjust = now;
    }
  }

  async #take(writes: number): Promise<void> {
    const { clock, sleep, hooks } = this.#options;
    for (;;) {
      const now = clock.now();
      this.#recover(now);
      const pause = this.#pausedUntil - now;
      const wait = pause > 0 ? pause : this.#windowWait(Math.min(writes, this.#limit), now);
      if (wait <= 0) break;
      hooks?.onWait?.({ reason: pause > 0 ? 'throttle' : 'pacer', ms: wait });
      await sleep(wait);
    }
    const now = clock.now();
    for (let i = 0; i < writes; i++) this.#stamps.push(now);
  }

  /** Milliseconds until `writes` more fit in the window. */
  #windowWait(writes: number, now: number): number {
    if (writes === 0) return 0;
    while (this.#head < this.#stamps.length && (this.#stamps[this.#head] ?? 0) <= now - this.#windowMs) this.#head++;
    if (this.#head > 1024 && this.#head * 2 > this.#stamps.length) {
      this.#stamps = this.#stamps.slice(this.#head);
      this.#head = 0;
    }
    const inWindow = this.#stamps.length - this.#head;
    const excess = inWindow + writes - this.#limit;
    if (excess <= 0) return 0;
    const expiring = this.#stamps[this.#head + excess - 1] ?? now;
    return expiring + this.#windowMs - now;
  }

  #recover(now: number): void {
    const configured = this.#options.writesPerWindow;
    const step = Math.max(1, Math.ceil(configured * RECOVERY_STEP_RATIO));
    while (this.#limit < configured && now - this.#lastAdjust >= this.#windowMs) {
      this.#limit = Math.min(configured, this.#limit + step);
      this.#lastAdjust += this.#windowMs;
    }
  }
}

/** A sliding-window write pacer; see `WritePacer`. */
export function createWritePacer(options: WritePacerOptions): WritePacer {
  return new SlidingWindowPacer(options);
}
