// SPDX-License-Identifier: UNLICENSED
import { X509Certificate } from 'node:crypto';
import { MfaError } from '../../errors.js';
import type { SandboxTenantOptions } from './sandbox-tenant-options.js';

export type GraphObject = Record<string, unknown>;

/** A user, active or soft-deleted. `props` holds what Graph returns (never the password). */
export interface UserRecord {
  id: string;
  props: GraphObject;
  password: string;
  assignedLicenses: { skuId: string; disabledPlans: string[] }[];
  /** Change sequence number, bumped on every change (drives `/users/delta`). */
  seq: number;
  deletedDateTime: string | null;
}

export interface GroupRecord {
  id: string;
  props: GraphObject;
  members: Set<string>;
}

export interface DomainRecord {
  id: string;
  authenticationType: 'Managed' | 'Federated';
  isVerified: boolean;
  isInitial: boolean;
  isDefault: boolean;
  /**
   * Left Federated without a usable configuration by a failed federationConfiguration POST
   * (microsoft-graph-docs #20203): Graph can no longer manage its authentication type.
   */
  stuck: boolean;
}

export interface FederationRecord {
  id: string;
  domainId: string;
  props: GraphObject;
}

export interface SkuRecord {
  skuId: string;
  skuPartNumber: string;
  enabled: number;
  consumed: number;
}

export interface OathDeviceRecord {
  id: string;
  props: GraphObject;
  secret: Buffer;
  /** User id the device is assigned to, or null. */
  assignedTo: string | null;
}

export interface AppRecord {
  clientId: string;
  secrets: string[];
  certificates: X509Certificate[];
}

/** All state of one sandbox tenant. Created per instance; never shared. */
export interface TenantData {
  tenantId: string;
  initialDomain: string;
  users: Map<string, UserRecord>;
  deleted: Map<string, UserRecord>;
  /** Lower-case UPN → id, over active and soft-deleted users (both hold their UPN). */
  upnIndex: Map<string, string>;
  /** onPremisesImmutableId → id, over active and soft-deleted users. */
  immutableIdIndex: Map<string, string>;
  /** Purged users, for `@removed: {reason: 'deleted'}` in delta. */
  purged: { id: string; seq: number }[];
  groups: Map<string, GroupRecord>;
  /** Keyed by lower-case domain name. */
  domains: Map<string, DomainRecord>;
  federations: Map<string, FederationRecord>;
  skus: Map<string, SkuRecord>;
  oathDevices: Map<string, OathDeviceRecord>;
  apps: Map<string, AppRecord>;
  /** Generation stamped into access tokens; bumping it refuses every token issued before. */
  tokenGeneration: number;
  seq: number;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Builds the initial tenant from options; `ERR_INVALID_INPUT` for a malformed GUID, SKU or certificate. */
export function createTenantData(opts: SandboxTenantOptions): TenantData {
  const tenantId = opts.tenantId ?? opts.random.uuid();
  const initialDomain = `${opts.initialDomainLabel ?? 'sandbox'}.onmicrosoft.com`;
  if (!GUID.test(tenantId)) throw new MfaError('ERR_INVALID_INPUT', `sandbox tenantId must be a GUID, got ${tenantId}`);
  const domains = new Map<string, DomainRecord>();
  domains.set(initialDomain, {
    id: initialDomain, authenticationType: 'Managed', isVerified: true, isInitial: true, isDefault: true, stuck: false,
  });
  for (const d of opts.domains ?? []) {
    domains.set(d.name.toLowerCase(), {
      id: d.name.toLowerCase(), authenticationType: 'Managed', isVerified: d.isVerified ?? true, isInitial: false, isDefault: false, stuck: false,
    });
  }
  const skus = new Map<string, SkuRecord>();
  for (const s of opts.skus ?? []) {
    if (!GUID.test(s.skuId)) throw new MfaError('ERR_INVALID_INPUT', `sandbox skuId must be a GUID, got ${s.skuId}`);
    skus.set(s.skuId.toLowerCase(), { skuId: s.skuId.toLowerCase(), skuPartNumber: s.skuPartNumber, enabled: s.enabled, consumed: s.consumed ?? 0 });
  }
  const apps = new Map<string, AppRecord>();
  for (const a of opts.apps) {
    if (!GUID.test(a.clientId)) throw new MfaError('ERR_INVALID_INPUT', `sandbox app clientId must be a GUID, got ${a.clientId}`);
    let certificates: X509Certificate[];
    try {
      certificates = (a.certificatesPem ?? []).map((pem) => new X509Certificate(pem));
    } catch (err) {
      throw new MfaError('ERR_INVALID_INPUT', `sandbox app ${a.clientId}: certificate does not parse`, { cause: err });
    }
    apps.set(a.clientId.toLowerCase(), { clientId: a.clientId.toLowerCase(), secrets: [...(a.secrets ?? [])], certificates });
  }
  return {
    tenantId: tenantId.toLowerCase(), initialDomain, users: new Map(), deleted: new Map(), upnIndex: new Map(), immutableIdIndex: new Map(), purged: [], groups: new Map(),
    domains, federations: new Map(), skus, oathDevices: new Map(), apps, tokenGeneration: 0, seq: 0,
  };
}
