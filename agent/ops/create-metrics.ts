// SPDX-License-Identifier: UNLICENSED
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The daemon's Prometheus metrics on a registry of its own (never prom-client's global one). */
export interface Metrics {
  readonly registry: Registry;
  /** HTTP requests by method, route template and status; seconds. */
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
  /** Audit records written, by event and outcome. */
  readonly auditRecords: Counter<'event' | 'outcome'>;
  /** One-time code checks by purpose and result (`ok`, `wrong_code`, `replayed`, `locked`, `no_token`). */
  readonly otpVerifications: Counter<'purpose' | 'reason'>;
  /** Graph HTTP attempts by method and status class (`2xx`, `4xx`, `429`, `5xx`, `none`). */
  readonly graphRequests: Counter<'method' | 'status'>;
  /** Requests Graph throttled (429), counting inner batch requests. */
  readonly graphThrottled: Counter;
  /** Provisioning runs by final status, and journal entries by kind and status. */
  readonly syncRuns: Counter<'status'>;
  readonly syncChanges: Counter<'kind' | 'status'>;
  /** 1 while the store answers and its schema is current. */
  readonly storeUp: Gauge;
  /** Text exposition (`text/plain; version=0.0.4`). */
  render(): Promise<{ contentType: string; body: string }>;
}

export function createMetrics(opts: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'mfa-appliance' });
  if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'mfa_appliance_' });
  const httpRequestDuration = new Histogram({
    name: 'mfa_appliance_http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const auditRecords = new Counter({
    name: 'mfa_appliance_audit_records_total',
    help: 'Audit records written, by event and outcome.',
    labelNames: ['event', 'outcome'] as const,
    registers: [registry],
  });
  const otpVerifications = new Counter({
    name: 'mfa_appliance_otp_verifications_total',
    help: 'One-time code checks, by purpose (sign-in, api, password-change, enrolment) and result.',
    labelNames: ['purpose', 'reason'] as const,
    registers: [registry],
  });
  const graphRequests = new Counter({
    name: 'mfa_appliance_graph_requests_total',
    help: 'Microsoft Graph HTTP attempts, by method and status class (2xx, 4xx, 429, 5xx, none).',
    labelNames: ['method', 'status'] as const,
    registers: [registry],
  });
  const graphThrottled = new Counter({
    name: 'mfa_appliance_graph_throttled_total',
    help: 'Graph requests answered 429 (inner batch requests counted one by one).',
    registers: [registry],
  });
  const syncRuns = new Counter({
    name: 'mfa_appliance_graph_sync_runs_total',
    help: 'Provisioning runs by final status (done, failed).',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const syncChanges = new Counter({
    name: 'mfa_appliance_graph_sync_changes_total',
    help: 'Provisioning changes applied, by kind and status (done, failed, skipped).',
    labelNames: ['kind', 'status'] as const,
    registers: [registry],
  });
  const storeUp = new Gauge({
    name: 'mfa_appliance_store_up',
    help: '1 while the store answers and its schema is current, else 0.',
    registers: [registry],
  });
  return {
    registry,
    httpRequestDuration,
    auditRecords,
    otpVerifications,
    graphRequests,
    graphThrottled,
    syncRuns,
    syncChanges,
    storeUp,
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
