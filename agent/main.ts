// SPDX-License-Identifier: UNLICENSED
/**
 * The composition root: the only place that creates concrete services and wires them together.
 * `openServices` serves the CLI (no HTTP); `startAppliance` is `mfa-appliance serve`.
 */
import type { Server } from 'node:http';
import { createAuditLog, type AuditLog } from './audit/audit-log.js';
import { configWarnings, type ResolvedConfig } from './config/index.js';
import { createDirectory, type Directory } from './directory/create-directory.js';
import { ConfigError } from './errors.js';
import { createLogger } from './log/create-logger.js';
import type { Logger } from './log/logger.js';
import { checkReadiness } from './ops/check-readiness.js';
import { countAuditRecords } from './ops/count-audit-records.js';
import { createMetrics, type Metrics } from './ops/create-metrics.js';
import { createListener } from './ops/create-listener.js';
import { acquireDaemonLock } from './ops/daemon-lock.js';
import { createSdNotifier } from './ops/sd-notify.js';
import { createSystemClock, type Clock } from './ports/clock.js';
import { createSystemRandom, type Random } from './ports/random.js';
import { openSqliteStore } from './store/sqlite/open-sqlite-store.js';
import type { Store } from './store/store.js';
import { createNetworkMatcher } from './net/network-matcher.js';
import { createOtpVerifier, type OtpVerifier } from './otp/create-otp-verifier.js';
import { createPasswordChecker, type PasswordChecker } from './policy/check-password.js';
import { createLockoutGuard, type LockoutGuard } from './policy/lockout-guard.js';
import { createRateLimiter } from './policy/rate-limiter.js';
import { createSourceLimiter, type SourceLimiter } from './policy/source-limiter.js';
import { createTokenDirectory, type TokenDirectory } from './tokens/token-directory.js';
import { createFederationService, type FederationService } from './federation/create-federation-service.js';
import { resolveFederatedDomains } from './federation/federated-domains.js';
import { createSigningKeys } from './federation/keys/create-signing-keys.js';
import { signingCommonName } from './federation/keys/signing-common-name.js';
import { readEntraCertificates } from './federation/read-entra-certificates.js';
import { createTrustedNetworks } from './policy/trusted-networks.js';
import { createSigninFlow } from './signin/create-signin-flow.js';
import { createFormTransactions } from './signin/create-form-transactions.js';
import { activateStockToken, type StockTokenClaim } from './tokens/activate-stock-token.js';
import { createProgramConsole, type ProgramConsole } from './helpdesk/create-program-console.js';
import { createTokenProgrammer } from './tokens/create-token-programmer.js';
import { createDeviceManager, type DeviceManager } from '../drivers/device-manager.js';
import { createLazyDeviceManager } from '../drivers/lazy-device-manager.js';
import { createWebSessions, type WebSessions } from './signin/create-web-sessions.js';
import type { SigninFlow } from './signin/signin-flow.js';
import type { SyncScheduler } from './provisioning/create-sync-scheduler.js';
import type { Provisioner } from './provisioning/create-provisioner.js';
import { loadKeyring } from './vault/load-keyring.js';
import { createVault, type Vault } from './vault/vault.js';
import { VERSION } from './version.js';

export interface Runtime {
  config: ResolvedConfig;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  clock: Clock;
  random: Random;
}

export interface Services {
  store: Store;
  audit: AuditLog;
  directory: Directory;
  vault: Vault;
  metrics: Metrics;
  lockout: LockoutGuard;
  /** Failures per client address (sign-in, bad API keys); in-memory, per process. */
  sourceLimiter: SourceLimiter;
  /** Passwords checked under the password lockout (sign-in page, RADIUS). */
  passwords: PasswordChecker;
  otp: OtpVerifier;
  tokens: TokenDirectory;
  close(): Promise<void>;
}

/** Defaults for the injected edges; tests pass their own clock, random or logger. */
export function createRuntime(config: ResolvedConfig, env: NodeJS.ProcessEnv, over: Partial<Omit<Runtime, 'config' | 'env'>> = {}): Runtime {
  return {
    config,
    env,
    logger: over.logger ?? createLogger({ level: config.log.level }),
    clock: over.clock ?? createSystemClock(),
    random: over.random ?? createSystemRandom(),
  };
}

/** Opens the store (migrating it), loads the master key and builds the domain services. */
export async function openServices(rt: Runtime): Promise<Services> {
  const { config, env, logger, clock, random } = rt;
  if (config.store.driver !== 'sqlite') {
    throw new ConfigError([{ path: 'store.driver', message: `"${config.store.driver}" is not available in this release; use "sqlite"` }]);
  }
  const keyring = loadKeyring({ file: config.vault.masterKeyFile, credentialsDirectory: env.CREDENTIALS_DIRECTORY });
  const store = await openSqliteStore({
    path: config.store.sqlite.path, busyTimeoutMs: config.store.sqlite.busyTimeoutMs, clock, logger,
  });
  const metrics = createMetrics();
  const audit = countAuditRecords(createAuditLog({ store: store.audit, clock, logger: logger.child({ module: 'audit' }) }), metrics);
  const directory = createDirectory({ store, audit, clock, random }, {
    upnSuffixes: config.directory.upnSuffixes,
    password: { minLength: config.directory.password.minLength, scrypt: { ...config.directory.password.scrypt } },
  });
  const vault = createVault({ store: store.secrets, keyring, clock, random, logger });
  const lo = config.policy.lockout;
  const params = (p: typeof lo.otp) => ({ freeAttempts: p.freeAttempts, baseDelayMs: p.baseDelaySeconds * 1000, maxDelayMs: p.maxDelaySeconds * 1000, maxFailures: p.maxFailures });
  const lockout = createLockoutGuard({ lockouts: store.lockouts, audit, clock, params: { otp: params(lo.otp), password: params(lo.password) } });
  const sourceLimiter = createSourceLimiter({ maxFailures: lo.perSource.maxFailures, windowMs: lo.perSource.windowSeconds * 1000, clock });
  const otp = createOtpVerifier({
    store, vault, lockout, sourceLimiter, audit, clock,
    window: { totpWindow: config.otp.window, hotpLookAhead: config.otp.hotpLookAhead, maxDriftSteps: config.otp.maxDriftSteps },
    onResult: (purpose, reason) => metrics.otpVerifications.inc({ purpose, reason }),
  });
  const tokens = createTokenDirectory({
    store, vault, verifier: otp, lockout, audit, clock, random, issuer: config.otp.issuer,
    resyncWindow: { totpWindowSeconds: config.otp.resync.totpWindowSeconds, hotpWindow: config.otp.resync.hotpWindow, maxDriftSteps: config.otp.maxDriftSteps },
  });
  const passwords = createPasswordChecker({ users: directory.users, lockout, sourceLimiter, audit });
  return { store, audit, directory, vault, metrics, lockout, sourceLimiter, passwords, otp, tokens, close: () => store.close() };
}

export interface Appliance {
  services: Services;
  server: Server;
  /** The URL the server actually listens on (the bound address, not `server.publicUrl`). */
  localUrl: string;
  /** Stops accepting, drains, audits `service.stopped` and closes the store. Idempotent. */
  stop(reason?: { signal?: string; error?: unknown }): Promise<void>;
}

/**
 * `mfa-appliance serve`: takes the data directory's daemon lock, opens the services, listens and
 * signals readiness to systemd. A failure after the store opened (TLS files, a taken port) closes the
 * store and releases the lock before the error propagates.
 */
export async function startAppliance(rt: Runtime): Promise<Appliance> {
  const lock = acquireDaemonLock(rt.config.dataDir);
  let services: Services | undefined;
  try {
    services = await openServices(rt);
    const appliance = await listenAndServe(rt, services);
    const stop = appliance.stop;
    return { ...appliance, stop: (reason) => stop(reason).finally(() => lock.release()) };
  } catch (err) {
    await services?.close();
    lock.release();
    throw err;
  }
}

async function listenAndServe(rt: Runtime, services: Services): Promise<Appliance> {
  const { config, logger, clock, random, env } = rt;
  const started = clock.now();
  /** Each warning reads `MUST change: <key path> …` (the configWarnings contract). */
  const warnings = configWarnings(config);
  for (const w of warnings) logger.warn({ attention: true }, w);
  if (services.vault.isDemo && !config.demo) {
    warnings.push(`MUST change: vault.masterKeyFile holds the demo key ${services.vault.activeKid}; generate a real one with \`mfa-appliance init\` and rotate with \`mfa-appliance vault rotate\``);
    logger.warn({ attention: true }, warnings.at(-1) ?? '');
  }
  const signin = await createSignin(rt, services);
  const helpdesk = createHelpdesk(rt, services);
  const { createWebApp } = await import('../web/app.js');
  const app = createWebApp({
    logger: logger.child({ module: 'web' }), clock, metrics: services.metrics,
    readiness: () => checkReadiness(services.store),
    trustedProxies: createNetworkMatcher(config.server.trustedProxies),
    verifyApi: {
      authenticate: (key, ip) => services.directory.apiClients.authenticate(key, ip, { auditSuccess: false }),
      rateLimiter: createRateLimiter({ burst: config.api.rateLimit.burst, perSecond: config.api.rateLimit.perSecond, clock }),
      sourceLimiter: services.sourceLimiter,
      verifyUser: (input) => services.otp.verifyUser(input),
    },
    signin: { flow: signin.flow, federation: signin.federation, sessions: signin.sessions, origins: [config.server.publicUrl] },
    helpdesk: {
      sessions: signin.sessions, idleMs: config.helpdesk.session.idleMinutes * 60_000, console: helpdesk.console,
      users: services.directory.users, roleOf: (id) => services.directory.staff.roleOf(id), audit: services.audit,
      publicOrigins: [config.server.publicUrl], logger: logger.child({ module: 'helpdesk' }),
    },
    selfService: createSelfService(rt, services),
    options: { bodyLimitBytes: config.server.bodyLimitBytes },
  });
  const { server, localUrl } = await createListener(config, app, { clock, random, logger });
  const notifier = createSdNotifier(env, logger);
  for (const warning of warnings) {
    const setting = warning.split(' ')[2] ?? '';
    await services.audit.record({ event: 'config.warning', actor: 'system', source: 'system', outcome: 'success', subject: setting, details: { setting, warning } });
  }
  await services.audit.record({
    event: 'service.started', actor: 'system', source: 'system', outcome: 'success',
    details: { version: VERSION, pid: process.pid, listen: config.server.listen, storeDriver: services.store.driver },
  });
  const scheduler = await startScheduledSync(rt, services);
  const pruning = setInterval(() => {
    void pruneSignin(signin.flow, services.store, clock).catch((err: unknown) => logger.error({ err }, 'pruning sign-in state failed'));
  }, PRUNE_EVERY_MS);
  pruning.unref();
  notifier.ready(`serving on ${localUrl}`);
  notifier.startWatchdog(async () => (await checkReadiness(services.store)).ready);
  logger.info({ localUrl, publicUrl: config.server.publicUrl, startupMs: clock.now() - started }, 'mfa-appliance ready');

  let stopping: Promise<void> | undefined;
  return {
    services, server, localUrl,
    stop(reason = {}) {
      stopping ??= (async () => {
        notifier.stopping();
        notifier.close();
        clearInterval(pruning);
        await scheduler?.stop();
        // Ends running programming jobs and their event streams, which would otherwise hold the server open.
        await helpdesk.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections?.();
          setTimeout(() => server.closeAllConnections?.(), 5000).unref();
        });
        await helpdesk.devices.close().catch((err: unknown) => logger.warn({ err }, 'closing the card readers failed'));
        const error = reason.error === undefined ? undefined : String((reason.error as Error).message ?? reason.error);
        await services.audit.record({
          event: 'service.stopped', actor: 'system', source: 'system', outcome: error ? 'error' : 'success',
          details: { uptimeMs: clock.now() - started, ...(reason.signal ? { signal: reason.signal } : {}), ...(error ? { reason: error } : {}) },
        }).catch((err: unknown) => logger.error({ err }, 'could not audit service.stopped'));
        await services.close();
        logger.info({ signal: reason.signal }, 'mfa-appliance stopped');
      })();
      return stopping;
    },
  };
}

/**
 * The helpdesk console's token programming: the PC/SC readers (connected on first use, so the daemon
 * starts while pcscd is down), the programming engine and the console's job registry.
 */
function createHelpdesk(rt: Runtime, services: Services): { console: ProgramConsole; devices: DeviceManager; close(): Promise<void> } {
  const { config, env, logger, clock, random } = rt;
  const deviceLogger = logger.child({ module: 'devices' });
  const devices = createLazyDeviceManager({
    clock,
    open: async () => {
      const { createPcscBackend } = await import('../drivers/backends/pcsc.js');
      const backend = await createPcscBackend({ ...(env.PCSCLITE_CSOCK_NAME ? { socketPath: env.PCSCLITE_CSOCK_NAME } : {}), logger: deviceLogger });
      return createDeviceManager({ backend, logger: deviceLogger, clock });
    },
  });
  // `tokens.program.registerInEntra`: Graph is loaded at the first registration, not at start.
  const register = config.tokens.program.registerInEntra && config.graph.tenantId !== null && config.graph.clientId !== null;
  let provisioner: Promise<Provisioner> | null = null;
  const provision = (): Promise<Provisioner> => (provisioner ??= import('./provisioning/create-provisioner.js').then(({ createProvisioner }) => createProvisioner({
    config, store: services.store, vault: services.vault, audit: services.audit, clock, random, verifier: services.otp, logger: logger.child({ module: 'provisioning' }),
  })));
  const programmer = createTokenProgrammer({
    store: services.store, vault: services.vault, audit: services.audit, clock, random, logger: logger.child({ module: 'tokens' }), devices,
    verifier: services.otp,
    window: { totpWindow: config.otp.window, hotpLookAhead: config.otp.hotpLookAhead, maxDriftSteps: config.otp.maxDriftSteps },
    policy: { algorithm: config.tokens.program.algorithm, digits: 6, period: 30, registerInEntra: register }, issuer: config.otp.issuer,
    ...(register ? { registerInEntra: async (serial, code, actor) => (await provision()).registerToken(serial, code, actor) } : {}),
  });
  const programConsole = createProgramConsole({ programmer, devices, clock, random, logger: logger.child({ module: 'helpdesk' }) });
  return {
    console: programConsole, devices,
    async close() {
      await programConsole.close();
      await (await provisioner)?.close();
    },
  };
}

/** The self-service pages (`/me/…`): browser-bound form transactions and stock-token activation. */
function createSelfService(rt: Runtime, services: Services) {
  const { config, clock, random } = rt;
  const { store, passwords, otp, lockout, sourceLimiter, audit } = services;
  return {
    forms: createFormTransactions({ transactions: store.signin, clock, random, ttlMs: config.federation.signin.transactionSeconds * 1000 }),
    activateStockToken: (claim: StockTokenClaim, clientIp: string) =>
      activateStockToken({ store, passwords, otp, lockout, sourceLimiter, audit, clock }, claim, clientIp),
    origins: [config.server.publicUrl],
  };
}

/** How often expired sign-in transactions, browser sessions and remembered request IDs are deleted. */
const PRUNE_EVERY_MS = 5 * 60_000;

async function pruneSignin(flow: SigninFlow, store: Store, clock: Clock): Promise<void> {
  await flow.prune();
  await store.messageIds.pruneExpired(clock.now());
}

/**
 * The federation IdP and the sign-in flow: the token-signing key (the first one is generated here, on
 * the first start), one issuer per `federation.domains` entry, browser sessions and the trusted networks.
 */
async function createSignin(rt: Runtime, services: Services): Promise<{ flow: SigninFlow; federation: FederationService; sessions: WebSessions }> {
  const { config, logger, clock, random } = rt;
  const system = { id: 'system', source: 'system' };
  const signingKeys = createSigningKeys({
    store: services.store, vault: services.vault, audit: services.audit, clock, random, logger,
    keyBits: config.federation.signing.keyBits, validityDays: config.federation.signing.validityDays, commonName: signingCommonName(config.server.publicUrl),
  });
  await signingKeys.ensureCurrent(system);
  const domains = resolveFederatedDomains(config.federation.domains, config.server.publicUrl);
  const { saml, signin } = config.federation;
  const federation = createFederationService({
    signingKeys, messageIds: services.store.messageIds, audit: services.audit, clock, random, publicUrl: config.server.publicUrl, domains,
    saml: { requireSignedRequests: saml.requireSignedRequests, signResponse: saml.signResponse, entraCertificates: readEntraCertificates(saml.entraCertificatesFile) },
  });
  const sessions = createWebSessions({ sessions: services.store.sessions, clock, random });
  const flow = createSigninFlow({
    transactions: services.store.signin, sessions, passwords: services.passwords, otp: services.otp, users: services.directory.users,
    staff: services.directory.staff, audit: services.audit, clock, random, trustedNetworks: createTrustedNetworks(config.policy.trustedNetworks), domains,
    options: {
      transactionMs: signin.transactionSeconds * 1000, ssoSessionMs: signin.sessionMinutes * 60_000,
      staffSessionMs: config.helpdesk.session.maxHours * 3_600_000, skipCodeOnTrustedNetworks: signin.skipCodeOnTrustedNetworks,
    },
  });
  return { flow, federation, sessions };
}

/**
 * `graph.sync.intervalMinutes`: periodic provisioning inside the daemon, with Graph and sync metrics.
 * Loaded only when configured (the Graph libraries stay unloaded otherwise). Null when not configured.
 */
async function startScheduledSync(rt: Runtime, services: Services): Promise<SyncScheduler | null> {
  const { config, logger, clock, random } = rt;
  const minutes = config.graph.sync.intervalMinutes;
  if (minutes === null || config.graph.tenantId === null || config.graph.clientId === null) return null;
  const { createProvisioner } = await import('./provisioning/create-provisioner.js');
  const { createSyncScheduler } = await import('./provisioning/create-sync-scheduler.js');
  const m = services.metrics;
  const provisioner = createProvisioner({
    config, store: services.store, vault: services.vault, audit: services.audit, clock, random, verifier: services.otp,
    logger: logger.child({ module: 'provisioning' }),
    hooks: {
      graph: {
        onRequest: (e) => m.graphRequests.inc({ method: e.method, status: e.status === 0 ? 'none' : e.status === 429 ? '429' : `${Math.floor(e.status / 100)}xx` }),
        onThrottle: (e) => m.graphThrottled.inc(e.count),
      },
      sync: {
        onEntry: (e) => m.syncChanges.inc({ kind: e.kind, status: e.status }),
        onRun: (e) => m.syncRuns.inc({ status: e.status }),
      },
    },
  });
  const scheduler = createSyncScheduler({ provisioner, intervalMs: minutes * 60_000, logger: logger.child({ module: 'provisioning' }) });
  scheduler.start();
  logger.info({ intervalMinutes: minutes }, 'scheduled graph sync enabled');
  return {
    start: () => scheduler.start(),
    stop: async () => {
      await scheduler.stop();
      await provisioner.close();
    },
  };
}
