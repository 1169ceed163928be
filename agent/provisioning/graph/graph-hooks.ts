// SPDX-License-Identifier: UNLICENSED

/**
 * Progress and metrics callbacks of a Graph client; every one is optional and must not throw.
 * They report facts only: no tokens, secrets or request bodies are passed.
 */
export interface GraphHooks {
  /** One HTTP attempt finished (any status; `status` 0 when no response arrived). */
  onRequest?(event: { method: string; path: string; status: number; durationMs: number; attempt: number; writes: number }): void;
  /** An attempt (or inner batch requests) will be retried after `delayMs`. */
  onRetry?(event: { reason: RetryReason; delayMs: number; attempt: number; count: number }): void;
  /** Graph answered 429 (`count` inner requests of a batch, or 1). */
  onThrottle?(event: { retryAfterMs: number | null; information: string | null; scope: string | null; count: number }): void;
  /** The pacer or a back-off made the client wait. */
  onWait?(event: { reason: 'pacer' | 'throttle' | 'backoff'; ms: number }): void;
}

/** Why an attempt is retried. */
export type RetryReason = 'throttled' | 'server-error' | 'timeout' | 'network';
