// SPDX-License-Identifier: UNLICENSED
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { ResolvedConfig } from '../../config/index.js';
import { describeError, type DoctorCheck } from './doctor-check.js';

const DAY = 86_400_000;

/** The TLS pair loads and matches; expired fails, under 30 days left warns. */
export function checkTls(config: ResolvedConfig, now: number): DoctorCheck {
  const { enabled, certFile, keyFile } = config.server.tls;
  if (!enabled) return { name: 'TLS certificate', status: 'warn', detail: 'TLS is disabled (server.tls.enabled: false)' };
  if (!existsSync(certFile) && !existsSync(keyFile)) {
    return { name: 'TLS certificate', status: 'warn', detail: `${certFile} does not exist yet; serve will generate a self-signed one` };
  }
  try {
    const cert = new X509Certificate(readFileSync(certFile));
    if (!cert.checkPrivateKey(createPrivateKey(readFileSync(keyFile)))) {
      return { name: 'TLS certificate', status: 'fail', detail: `${certFile} does not match ${keyFile}` };
    }
    const left = Math.floor((Date.parse(cert.validTo) - now) / DAY);
    const detail = `${certFile}: ${cert.subject.replace(/\n/g, ', ')}, expires ${new Date(cert.validTo).toISOString()} (${left} days)`;
    if (left < 0) return { name: 'TLS certificate', status: 'fail', detail, fix: 'install a renewed certificate' };
    if (left < 30) return { name: 'TLS certificate', status: 'warn', detail, fix: 'renew the certificate soon' };
    return { name: 'TLS certificate', status: 'ok', detail, data: { daysLeft: left } };
  } catch (err) {
    return { name: 'TLS certificate', status: 'fail', detail: describeError(err) };
  }
}
