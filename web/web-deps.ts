// SPDX-License-Identifier: UNLICENSED
import type { HelpdeskDeps } from './routes/helpdesk-deps.js';
import type { SelfServiceDeps } from './routes/self-service.js';
import type { Logger } from '../agent/log/logger.js';
import type { Metrics } from '../agent/ops/create-metrics.js';
import type { Readiness } from '../agent/ops/check-readiness.js';
import type { Clock } from '../agent/ports/clock.js';
import type { ApiClientCheck } from '../agent/directory/api-client-directory.js';
import type { NetworkMatcher } from '../agent/net/network-matcher.js';
import type { VerifyResult, VerifyUserInput } from '../agent/otp/create-otp-verifier.js';
import type { RateLimiter } from '../agent/policy/rate-limiter.js';
import type { SourceLimiter } from '../agent/policy/source-limiter.js';
import type { FederationService } from '../agent/federation/create-federation-service.js';
import type { WebSessions } from '../agent/signin/create-web-sessions.js';
import type { SigninFlow } from '../agent/signin/signin-flow.js';

/** What the verify API needs: API-key checks, per-client rate limit, and the OTP verifier. */
export interface VerifyApiDeps {
  authenticate(key: string, sourceIp: string): Promise<ApiClientCheck>;
  rateLimiter: RateLimiter;
  /** Bad API keys per source address. */
  sourceLimiter: SourceLimiter;
  verifyUser(input: VerifyUserInput): Promise<VerifyResult>;
}

/** What the sign-in page, the federation endpoints and the console's sign-in need. */
export interface SigninWebDeps {
  flow: SigninFlow;
  federation: FederationService;
  /** Browser sessions; the console resolves its `staff` session here (`sessions.resolve(token, 'staff', { idleMs })`). */
  sessions: WebSessions;
  /** Origins forms may be posted from besides the request's own (`server.publicUrl`). */
  origins: readonly string[];
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
  /** Sign-in page and federation endpoints; absent in processes that don't serve them. */
  signin?: SigninWebDeps;
  /** The helpdesk console; absent in processes that don't serve it. */
  helpdesk?: HelpdeskDeps;
  /** Self-service pages under `/me/` (activating a stock token); absent in processes that don't serve them. */
  selfService?: SelfServiceDeps;
  options: {
    /** Largest request body accepted, in bytes. */
    bodyLimitBytes: number;
  };
}
