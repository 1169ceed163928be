// SPDX-License-Identifier: UNLICENSED
import type { Logger } from '../agent/log/logger.js';
import type { Metrics } from '../agent/ops/create-metrics.js';
import type { Readiness } from '../agent/ops/check-readiness.js';
import type { Clock } from '../agent/ports/clock.js';
import type { ApiClientCheck } from '../agent/directory/api-client-directory.js';
import type { NetworkMatcher } from '../agent/net/network-matcher.js';
import type { VerifyResult, VerifyUserInput } from '../agent/otp/create-otp-verifier.js';
import type { RateLimiter } from '../agent/policy/rate-limiter.js';
import type { SourceLimiter } from '../agent/policy/source-limiter.js';

/** What the verify API needs: API-key checks, per-client rate limit, and the OTP verifier. */
export interface VerifyApiDeps {
  authenticate(key: string, sourceIp: string): Promise<ApiClientCheck>;
  rateLimiter: RateLimiter;
  /** Bad API keys per source address. */
  sourceLimiter: SourceLimiter;
  verifyUser(input: VerifyUserInput): Promise<VerifyResult>;
}

/** Everything `createWebApp` needs, handed in by the composition root. */
export interface WebDeps {
  logger: Logger;
  clock: Clock;
  metrics: Metrics;
  /** Readiness of the daemon's dependencies (store open, schema current). */
  readiness(): Promise<Readiness>;
  /** `server.trustedProxies`: the only peers whose `X-Forwarded-For` is believed. */
  trustedProxies: NetworkMatcher;
  /** The verify API; absent in processes that don't serve it. */
  verifyApi?: VerifyApiDeps;
  options: {
    /** Largest request body accepted, in bytes. */
    bodyLimitBytes: number;
  };
}
