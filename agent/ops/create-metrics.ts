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
    storeUp,
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
