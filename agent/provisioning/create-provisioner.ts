// SPDX-License-Identifier: UNLICENSED
import type { Actor } from '../actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { ResolvedConfig } from '../config/index.js';
import type { AppConfig } from '../config/schema.js';
import { MfaError } from '../errors.js';
import type { SigningKeys } from '../federation/keys/signing-keys.js';
import type { OtpVerifier } from '../otp/create-otp-verifier.js';
import type { Logger } from '../log/logger.js';
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';
import type { JournalEntry, ProvisioningRun, Store } from '../store/store.js';
import type { Vault } from '../vault/vault.js';
import { defederateDomain, type DefederateResult } from './federation/defederate-domain.js';
import type { DomainFederationDeps } from './federation/domain-federation-deps.js';
import { federateDomain, type FederateResult } from './federation/federate-domain.js';
import { rolloverDomain, type RolloverResult } from './federation/rollover-domain.js';
import { createGraphClient } from './graph/create-graph-client.js';
import type { GraphClient } from './graph/graph-client.js';
import { loadGraphCredential, storeGraphCredential, type GraphCredentialInput, type GraphCredentialRef } from './graph/graph-credentials.js';
import type { GraphHooks } from './graph/graph-hooks.js';
import type { Sleep } from './graph/sleep.js';
import { registerOathToken, type RegisteredOathToken } from './oath/register-oath-token.js';
import { LAST_ERROR_SETTING } from './sync/apply-run.js';
import { createSyncEngine, type SavedPlan, type SyncOptions, type SyncOutcome } from './sync/create-sync-engine.js';
import type { PlanOptions } from './sync/plan-sync.js';
import type { SyncHooks } from './sync/sync-report.js';

/** Settings key of the stored `GraphCredentialRef` (JSON; public facts and a vault id only). */
export const CREDENTIAL_SETTING = 'credential';

export interface ProvisionerDeps {
  config: Pick<ResolvedConfig, 'graph' | 'server' | 'federation'>;
  store: Store;
  vault: Vault;
  audit: AuditLog;
  clock: Clock;
  random: Random;
  logger: Logger;
  /** Metrics callbacks of the Graph client and of the sync engine. */
  hooks?: { graph?: GraphHooks; sync?: SyncHooks };
  /** Waits of the Graph client (back-off, pacing); default real timers. */
  sleep?: Sleep;
  /** Checks the code before a token is registered in Entra (`registerToken`). */
  verifier?: OtpVerifier;
  /** The token-signing keys Entra is told to trust (`federateDomain`, `rolloverDomain`). */
  signingKeys?: SigningKeys;
}

/** `graph status`: configuration, credential, last run and link counts. Holds no secret. */
export interface ProvisioningStatus {
  configured: boolean;
  tenantId: string | null;
  clientId: string | null;
  baseUrl: string;
  groups: number;
  credential: (GraphCredentialRef & { expiresInDays: number | null }) | null;
  lastRun: ProvisioningRun | null;
  lastError: { runId: string; code: string; message: string; at: number } | null;
  links: { enabled: number; disabled: number; deleted: number };
}

/** A saved plan with its journal entries (`graph plan show`). */
export interface PlanView {
  run: ProvisioningRun;
  entries: JournalEntry[];
}

/**
 * Provisioning to Microsoft Graph, as the CLI and the daemon use it. The Graph client is made on first
 * need from `graph.*` and the credential sealed in the vault, and reused until `close()`. Operations
 * needing Graph fail with `ERR_NOT_FOUND` when no credential is stored and `ConfigError` when
 * `graph.tenantId`/`clientId` are unset.
 */
export interface Provisioner {
  /** Seals the credential (replacing the previous one) and keeps its reference in settings. */
  storeCredential(input: GraphCredentialInput, actor: Actor): Promise<GraphCredentialRef>;
  status(): Promise<ProvisioningStatus>;
  /** Plans without changing Entra and saves the plan as a `planned` run. */
  dryRun(options?: PlanOptions): Promise<SavedPlan>;
  /** Resumes an unfinished run, then plans and applies (see `SyncEngine`). */
  sync(options: SyncOptions): Promise<SyncOutcome>;
  /** The newest `planned` run and its entries, or null. */
  lastPlan(): Promise<PlanView | null>;
  /** Registers an active hardware token in Entra's OATH inventory for its user (see `registerOathToken`). */
  registerToken(serial: string, code: string, actor: Actor): Promise<RegisteredOathToken>;
  /** `graph federate`: compatibility checks, then create or update the domain's federation (see `federateDomain`). */
  federateDomain(domain: string, options: { protocol?: 'saml' | 'wsfed'; actor: Actor }): Promise<FederateResult>;
  /** `graph defederate`: Managed, then the configuration deleted (see `defederateDomain`). */
  defederateDomain(domain: string, actor: Actor): Promise<DefederateResult>;
  /** `graph rollover`: publish the next certificate, or with `activate` swap to it (see `rolloverDomain`). */
  rolloverDomain(domain: string, options: { activate: boolean; actor: Actor }): Promise<RolloverResult>;
  close(): Promise<void>;
}

const DAY_MS = 86_400_000;

export function createProvisioner(deps: ProvisionerDeps): Provisioner {
  const { store, clock } = deps;
  const prov = store.provisioning;
  let client: Promise<GraphClient> | null = null;

  const readJson = async <T>(key: string): Promise<T | null> => {
    const v = await prov.getSetting(key);
    return v === null ? null : (JSON.parse(v) as T);
  };
  const credentialRef = (): Promise<GraphCredentialRef | null> => readJson<GraphCredentialRef>(CREDENTIAL_SETTING);

  async function graph(): Promise<GraphClient> {
    client ??= (async () => {
      const ref = await credentialRef();
      if (ref === null) {
        throw new MfaError('ERR_NOT_FOUND', 'no Graph credential is stored: run `mfa-appliance graph credentials --certificate FILE --key FILE` (or `--secret-stdin`)');
      }
      const credential = await loadGraphCredential(deps.vault, ref);
      // The client only reads its configuration.
      return createGraphClient(deps.config.graph as AppConfig['graph'], {
        credential, clock, random: deps.random, logger: deps.logger,
        ...(deps.sleep ? { sleep: deps.sleep } : {}), ...(deps.hooks?.graph ? { hooks: deps.hooks.graph } : {}),
      });
    })();
    client.catch(() => { client = null; });
    return client;
  }
  const engine = async () => createSyncEngine({
    graphConfig: deps.config.graph, store, graph: await graph(), audit: deps.audit, clock, random: deps.random, logger: deps.logger,
    ...(deps.hooks?.sync ? { hooks: deps.hooks.sync } : {}),
  });

  const federation = async (): Promise<DomainFederationDeps> => {
    if (!deps.signingKeys) throw new MfaError('ERR_INTERNAL', 'domain federation needs the signing keys (ProvisionerDeps.signingKeys)');
    return { config: deps.config, graph: await graph(), store, keys: deps.signingKeys, audit: deps.audit, clock, logger: deps.logger };
  };

  return {
    async storeCredential(input, actor) {
      const ref = await storeGraphCredential({ vault: deps.vault, clock }, input, await credentialRef());
      await prov.setSetting(CREDENTIAL_SETTING, JSON.stringify(ref), clock.now());
      const details: Record<string, unknown> = { kind: ref.kind };
      if (ref.certificate !== null) Object.assign(details, { thumbprint: ref.certificate.sha1, notAfter: ref.certificate.notAfter });
      await deps.audit.record({ event: 'graph.credential_stored', actor: actor.id, source: actor.source, subject: deps.config.graph.clientId, outcome: 'success', details });
      if (client !== null) {
        const old = client;
        client = null;
        await (await old.catch(() => null))?.close();
      }
      return ref;
    },
    async status() {
      const g = deps.config.graph;
      const ref = await credentialRef();
      const links = { enabled: 0, disabled: 0, deleted: 0 };
      for (const l of await prov.listLinks()) links[l.state] += 1;
      const notAfter = ref?.certificate ? Date.parse(ref.certificate.notAfter) : null;
      return {
        configured: g.tenantId !== null && g.clientId !== null && ref !== null,
        tenantId: g.tenantId, clientId: g.clientId, baseUrl: g.baseUrl, groups: g.sync.groups.length,
        credential: ref === null ? null : { ...ref, expiresInDays: notAfter === null ? null : Math.floor((notAfter - clock.now()) / DAY_MS) },
        lastRun: await prov.latestRun(),
        lastError: await readJson(LAST_ERROR_SETTING),
        links,
      };
    },
    async dryRun(options = {}) {
      return (await engine()).dryRun(options);
    },
    async sync(options) {
      return (await engine()).sync(options);
    },
    async lastPlan() {
      const run = await prov.latestRun('planned');
      return run === null ? null : { run, entries: await prov.journal(run.id) };
    },
    async registerToken(serial, code, actor) {
      if (!deps.verifier) throw new MfaError('ERR_INTERNAL', 'registerToken needs the OTP verifier');
      return registerOathToken({ store, vault: deps.vault, audit: deps.audit, verifier: deps.verifier, graph: await graph() }, serial, code, actor);
    },
    async federateDomain(domain, options) {
      return federateDomain(await federation(), domain, options);
    },
    async defederateDomain(domain, actor) {
      return defederateDomain({ graph: await graph(), audit: deps.audit }, domain, actor);
    },
    async rolloverDomain(domain, options) {
      return rolloverDomain(await federation(), domain, options);
    },
    async close() {
      const c = client;
      client = null;
      if (c !== null) await (await c.catch(() => null))?.close();
    },
  };
}
