// SPDX-License-Identifier: UNLICENSED
import type { ConsoleEvent, ConsoleEventBody } from './console-event.js';

/** Listener of a job's events; `null` once the log is closed (nothing follows). */
export type JobEventListener = (event: ConsoleEvent | null) => void;

/**
 * The ordered history of one job, numbered from 1, with live listeners. When more than `limit` events have
 * been appended the oldest are dropped (a reader asking for them gets the oldest kept). After `close()` no
 * event is appended and listeners are told once with `null`. A throwing listener is dropped, never rethrown.
 */
export class JobEventLog {
  readonly #limit: number;
  #events: ConsoleEvent[] = [];
  #next = 1;
  #closed = false;
  readonly #listeners = new Set<JobEventListener>();

  constructor(limit: number) {
    this.#limit = limit;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The newest event's seq, 0 before any. */
  get lastSeq(): number {
    return this.#next - 1;
  }

  append(body: ConsoleEventBody): ConsoleEvent | null {
    if (this.#closed) return null;
    const event = { seq: this.#next++, body };
    this.#events.push(event);
    if (this.#events.length > this.#limit) this.#events.splice(0, this.#events.length - this.#limit);
    this.#emit(event);
    return event;
  }

  /** Ends the log: listeners get `null` and are removed. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#emit(null);
    this.#listeners.clear();
  }

  /** Events with `seq > after`, in order. */
  since(after: number): ConsoleEvent[] {
    return this.#events.filter((e) => e.seq > after);
  }

  /** All events kept, in order. */
  all(): readonly ConsoleEvent[] {
    return this.#events;
  }

  /**
   * Calls `listener` with every event after `after` (the kept history first, synchronously, then live ones),
   * then `null` when the log closes (at once when it already has). Returns the unsubscribe function.
   */
  subscribe(after: number, listener: JobEventListener): () => void {
    for (const e of this.since(after)) listener(e);
    if (this.#closed) {
      listener(null);
      return () => undefined;
    }
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(event: ConsoleEvent | null): void {
    for (const l of [...this.#listeners]) {
      try {
        l(event);
      } catch {
        this.#listeners.delete(l);
      }
    }
  }
}
