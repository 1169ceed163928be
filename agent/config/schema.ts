// SPDX-License-Identifier: UNLICENSED
/**
 * The single source of configuration keys, types, defaults and their documentation (STYLE rule 22).
 *
 * Every leaf carries a default and `ConfigKeyMeta` through `key()`; `describeConfig()` reads them back
 * and `renderConfigDoc()` turns them into docs/config.md, so a key documented nowhere cannot exist.
 * Objects are strict: an unknown key is an error. This is the only file that imports zod at run time.
 */
import { z } from 'zod';
import { parseCidr } from '../net/parse-cidr.js';
import { parseListen } from './parse-listen.js';

/** Documentation and handling flags of one key; attached with zod's `.meta()`. */
export interface ConfigKeyMeta {
  title: string;
  description: string;
  recommendation?: string;
  /** The value is never echoed in errors (shown as `<redacted>`). */
  secret?: boolean;
  /** A filesystem path: a relative value resolves against the config file's directory (or cwd when set from the environment). */
  fsPath?: boolean;
}

function key<T extends z.ZodType>(schema: T, meta: ConfigKeyMeta): T {
  return schema.meta({ ...meta });
}

const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

const isHttpUrl = (s: string): boolean => {
  if (!URL.canParse(s)) return false;
  const u = new URL(s);
  return (u.protocol === 'https:' || u.protocol === 'http:') && u.search === '' && u.hash === '' && u.username === '';
};
const isPostgresUrl = (s: string): boolean => /^postgres(?:ql)?:\/\/\S+$/.test(s) && URL.canParse(s);
const isPowerOfTwo = (n: number): boolean => Number.isInteger(Math.log2(n));

const optionalPath = () => z.string().min(1).nullable().default(null);

const serverSchema = z.strictObject({
  listen: key(z.string().refine((s) => parseListen(s) !== null, {
    message: 'expected "host:port" with a port 1-65535 (IPv6 as "[::]:8443")',
  }).default('0.0.0.0:8443'), {
    title: 'Listen address',
    description: 'Address and port of the HTTP(S) server, as `host:port`; an IPv6 address goes in brackets (`[::]:8443`). `0.0.0.0` and `[::]` listen on every interface.',
    recommendation: 'Bind to the interface that clients and the reverse proxy reach; keep `127.0.0.1:…` when only a local proxy talks to the appliance.',
  }),
  publicUrl: key(z.string().refine(isHttpUrl, {
    message: 'expected an absolute http(s) URL without query, fragment or credentials',
  }).nullable().default(null), {
    title: 'Public URL',
    description: 'The external base URL that browsers and Entra ID use; it is the base of the SAML/WS-Fed endpoints and metadata. `null` derives `https://<host>:<port>` from `server.listen` (the machine\'s host name when listening on every interface; `http` when `server.tls.enabled` is false). A trailing slash is removed.',
    recommendation: 'Set it explicitly to the HTTPS name in the TLS certificate, e.g. `https://mfa.contoso.com`. Changing it later changes the federation metadata.',
  }),
  tls: z.strictObject({
    enabled: key(z.boolean().default(true), {
      title: 'Serve HTTPS',
      description: 'Serve HTTPS directly. When false the server speaks plain HTTP and a TLS-terminating reverse proxy must sit in front.',
      recommendation: 'Keep true unless a reverse proxy on the same host terminates TLS; plain HTTP on a non-loopback address logs a MUST-change warning.',
    }),
    certFile: key(optionalPath(), {
      title: 'TLS certificate file',
      description: 'PEM certificate chain for HTTPS. `null` uses `<dataDir>/tls/cert.pem`, generated self-signed on first start.',
      recommendation: 'Use a certificate from a CA that browsers and Office clients trust.',
      fsPath: true,
    }),
    keyFile: key(optionalPath(), {
      title: 'TLS private key file',
      description: 'PEM private key matching `server.tls.certFile`. `null` uses `<dataDir>/tls/key.pem`.',
      recommendation: 'Readable only by the service user (mode 0600).',
      fsPath: true,
    }),
  }).prefault({}),
  trustedProxies: key(z.array(z.string().refine((s) => parseCidr(s) !== null, {
    message: 'expected an IP address or CIDR such as "10.0.0.0/8" or "fd00::/8"',
  })).default([]), {
    title: 'Trusted reverse proxies',
    description: 'IP addresses or CIDR ranges (IPv4 or IPv6) of reverse proxies whose `X-Forwarded-For` header is believed. Requests from anywhere else are judged by their socket address.',
    recommendation: 'List only your own proxies. Never `0.0.0.0/0` or `::/0`: any client could then claim to be on a trusted network.',
  }),
  bodyLimitBytes: key(z.int().min(1024).max(10_485_760).default(65_536), {
    title: 'Request body limit',
    description: 'Largest accepted request body in bytes; larger requests get HTTP 413.',
    recommendation: 'The default fits SAML and API requests; raise it only for large PSKC imports.',
  }),
}).prefault({});

const storeSchema = z.strictObject({
  driver: key(z.enum(['sqlite', 'postgres']).default('sqlite'), {
    title: 'Database driver',
    description: '`sqlite` for a single appliance (embedded, WAL mode); `postgres` for several appliances sharing one database (cluster mode; not yet available in this release, which refuses it at start).',
  }),
  sqlite: z.strictObject({
    path: key(optionalPath(), {
      title: 'SQLite database file',
      description: 'Path of the SQLite database. `null` uses `<dataDir>/mfa-appliance.db`; `:memory:` is a throw-away database for tests.',
      recommendation: 'Keep it on a local disk (not NFS) and include it in backups via `mfa-appliance backup`.',
      fsPath: true,
    }),
    busyTimeoutMs: key(z.int().min(0).max(600_000).default(5000), {
      title: 'SQLite busy timeout',
      description: 'Milliseconds a statement waits for a lock held by another connection before failing.',
    }),
  }).prefault({}),
  postgres: z.strictObject({
    url: key(z.string().refine(isPostgresUrl, {
      message: 'expected a postgres:// or postgresql:// URL',
    }).nullable().default(null), {
      title: 'PostgreSQL connection URL',
      description: 'Connection URL (`postgres://user@host:5432/db`). Required when `store.driver` is `postgres`. Never echoed in errors, because it may hold a password.',
      recommendation: 'Keep the password out of the URL: use a `.pgpass` file or `PGPASSWORD` in the service credentials.',
      secret: true,
    }),
  }).prefault({}),
}).superRefine((store, ctx) => {
  if (store.driver === 'postgres' && store.postgres.url === null) {
    ctx.addIssue({ code: 'custom', path: ['postgres', 'url'], message: 'required when store.driver is "postgres"' });
  }
}).prefault({});

const directorySchema = z.strictObject({
  upnSuffixes: key(z.array(z.string().toLowerCase().refine((s) => DOMAIN.test(s), {
    message: 'expected a domain name such as "contoso.com"',
  })).default([]), {
    title: 'Allowed UPN suffixes',
    description: 'Domain suffixes allowed in user principal names (compared lower-cased). An empty list allows any domain.',
    recommendation: 'List the federated domains, so that a typo cannot create a user Entra will never match.',
  }),
  password: z.strictObject({
    minLength: key(z.int().min(8).max(1024).default(12), {
      title: 'Minimum password length',
      description: 'Fewest characters a new local password may have.',
      recommendation: 'At least 12; longer passphrases are better than composition rules.',
    }),
    scrypt: z.strictObject({
      cost: key(z.int().min(16_384).max(1_048_576).refine(isPowerOfTwo, {
        message: 'expected a power of two ≥ 16384',
      }).default(32_768), {
        title: 'scrypt cost (N)',
        description: 'CPU/memory cost of password hashing; a power of two from 16384 to 1048576. Memory used is 128 × N × blockSize bytes per hash.',
        recommendation: 'Raise it while a sign-in still hashes in about 100 ms on the appliance.',
      }),
      blockSize: key(z.int().min(1).max(64).default(8), {
        title: 'scrypt block size (r)',
        description: 'Block size parameter of scrypt.',
      }),
      parallelization: key(z.int().min(1).max(16).default(1), {
        title: 'scrypt parallelization (p)',
        description: 'Parallelization parameter of scrypt.',
      }),
    }).prefault({}),
  }).prefault({}),
}).prefault({});

const lockoutSchema = (factor: string, defaults: { freeAttempts: number; maxFailures: number }) => z.strictObject({
  freeAttempts: key(z.int().min(1).max(20).default(defaults.freeAttempts), {
    title: `${factor}: attempts before delays`,
    description: `Consecutive failed ${factor} attempts allowed without delay. After that each attempt must wait; the wait doubles with each further failure (RFC 4226 §7.3).`,
  }),
  baseDelaySeconds: key(z.int().min(1).max(3600).default(5), {
    title: `${factor}: first delay`,
    description: 'Seconds to wait after the first delayed failure; doubles with each further failure.',
  }),
  maxDelaySeconds: key(z.int().min(1).max(86_400).default(900), {
    title: `${factor}: longest delay`,
    description: 'Cap on the doubling delay, in seconds.',
  }),
  maxFailures: key(z.int().min(2).max(100).default(defaults.maxFailures), {
    title: `${factor}: hard lock`,
    description: `Unresolved failed ${factor} attempts that lock the factor until a helpdesk reset (\`mfa-appliance user unlock\`). Waiting never clears it; only a success after the delay, or a reset, does.`,
    recommendation: 'Keep it low: NIST SP 800-63B allows at most 100; 10 bounds an online guesser to 10 codes in total.',
  }),
}).prefault({});

const otpSchema = z.strictObject({
  window: key(z.int().min(0).max(10).default(1), {
    title: 'TOTP window',
    description: 'Time steps accepted on each side of the expected step (after applying the token\'s recorded drift). 1 accepts the previous and next code (RFC 6238 §5.2).',
    recommendation: 'Keep 1. Fix a drifting token with `token resync`, not a wider window.',
  }),
  maxDriftSteps: key(z.int().min(0).max(1000).default(30), {
    title: 'Largest recorded drift',
    description: 'The recorded per-token clock drift, in steps, never exceeds this in either direction: sign-ins cap it, and a resync or an import (PSKC `TimeDrift`) beyond it is refused.',
    recommendation: 'Keep it above `otp.resync.totpWindowSeconds` ÷ 30 + 1, so that every resync the window allows can be recorded.',
  }),
  hotpLookAhead: key(z.int().min(1).max(100).default(10), {
    title: 'HOTP look-ahead',
    description: 'Counters after the last accepted one that a sign-in may match (RFC 4226 §7.4).',
  }),
  resync: z.strictObject({
    totpWindowSeconds: key(z.int().min(30).max(86_400).default(600), {
      title: 'TOTP resync window',
      description: 'How far, in seconds either side of now, a resync searches for two consecutive codes.',
    }),
    hotpWindow: key(z.int().min(1).max(10_000).default(100), {
      title: 'HOTP resync window',
      description: 'Counters after the last accepted one that a resync searches for two consecutive codes.',
    }),
  }).prefault({}),
  issuer: key(z.string().min(1).max(64).default('mfa-appliance'), {
    title: 'Issuer shown in authenticator apps',
    description: 'The issuer of enrolled soft tokens (`otpauth://…?issuer=`); apps show it next to the account.',
    recommendation: 'Your organisation\'s name.',
  }),
}).prefault({});

const cidr = z.string().refine((s) => parseCidr(s) !== null, {
  message: 'expected an IP address or CIDR such as "10.0.0.0/8" or "fd00::/8"',
});

const policySchema = z.strictObject({
  trustedNetworks: key(z.record(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'expected a network name of letters, digits, ".", "_" or "-"'), z.array(cidr)).default({}), {
    title: 'Trusted networks',
    description: 'Named lists of IP addresses or CIDR ranges (IPv4 or IPv6), e.g. `{ corp: ["10.0.0.0/8"], servers: ["192.0.2.10"] }`. A browser whose address (the socket peer, or `X-Forwarded-For` from a `server.trustedProxies` peer) is in one of them is inside the corporate network: federation tokens then carry `insidecorporatenetwork=true`, and `federation.signin.skipCodeOnTrustedNetworks` may skip the code.',
    recommendation: 'List the internal ranges as Entra sees them too (its "MFA trusted IPs" are your public egress addresses); never a /0.',
  }),
  lockout: z.strictObject({
    otp: lockoutSchema('OTP', { freeAttempts: 3, maxFailures: 10 }),
    password: lockoutSchema('password', { freeAttempts: 5, maxFailures: 20 }),
    perSource: z.strictObject({
      maxFailures: key(z.int().min(1).max(100_000).default(50), {
        title: 'Failures per source address',
        description: 'Failed attempts (any user, any factor) from one client address within `windowSeconds` after which that address is refused until the window passes. Not applied to authenticated API clients, which have their own rate limit.',
      }),
      windowSeconds: key(z.int().min(1).max(86_400).default(600), {
        title: 'Per-source window',
        description: 'Length of the sliding window for per-source failures, in seconds.',
      }),
    }).prefault({}),
  }).prefault({}),
}).prefault({});

const apiSchema = z.strictObject({
  rateLimit: z.strictObject({
    burst: key(z.int().min(1).max(1_000_000).default(1000), {
      title: 'API burst per client',
      description: 'Requests an API client may send at once (token-bucket size). Sized so that a busy on-network server never meets it in normal use.',
    }),
    perSecond: key(z.int().min(1).max(1_000_000).default(500), {
      title: 'API sustained rate per client',
      description: 'Requests per second an API client may sustain (token-bucket refill). Excess requests get 429 with `Retry-After`.',
    }),
  }).prefault({}),
}).prefault({});

const isHttpsUrl = (s: string): boolean => URL.canParse(s) && new URL(s).protocol === 'https:' && new URL(s).search === '' && new URL(s).hash === '';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One provisioning group; the fields are documented in `graph.sync.groups`. */
const syncGroupSchema = z.strictObject({
  group: z.string().min(1),
  usageLocation: z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166 alpha-2 code such as "US"').nullable().default(null),
  licenses: z.array(z.string().min(1)).default([]),
  deprovision: z.enum(['leave', 'disable', 'delete']).default('disable'),
  entraGroupId: z.string().regex(GUID, 'expected an Entra object id (GUID)').nullable().default(null),
});

const graphSchema = z.strictObject({
  tenantId: key(z.string().min(1).nullable().default(null), {
    title: 'Tenant',
    description: 'Entra tenant id (GUID) or primary domain. `null` disables provisioning.',
  }),
  clientId: key(z.string().regex(GUID, 'expected an application (client) id GUID').nullable().default(null), {
    title: 'Application (client) id',
    description: 'The app registration the appliance signs in as (client credentials). Its certificate or secret is stored sealed in the vault with `mfa-appliance graph credentials`, never in this file.',
    recommendation: 'Use a certificate credential; grant only the application permissions listed in docs/provisioning.md.',
  }),
  baseUrl: key(z.string().refine(isHttpsUrl, { message: 'expected an https:// URL without query or fragment' }).default('https://graph.microsoft.com'), {
    title: 'Graph endpoint',
    description: 'Microsoft Graph base URL: `https://graph.microsoft.us` (US Gov), `https://microsoftgraph.chinacloudapi.cn` (China), or the sandbox tenant. HTTPS only.',
  }),
  authorityHost: key(z.string().refine(isHttpsUrl, { message: 'expected an https:// URL without query or fragment (@azure/identity refuses http)' }).default('https://login.microsoftonline.com'), {
    title: 'Token authority',
    description: 'Entra sign-in host for client credentials: `https://login.microsoftonline.us`, `https://login.chinacloudapi.cn`, or the sandbox tenant. HTTPS only.',
  }),
  caFile: key(optionalPath(), {
    title: 'Extra trusted CA',
    description: 'PEM file of an extra CA trusted for `baseUrl` and `authorityHost` (the sandbox tenant serves HTTPS with its own CA). `null` trusts the system store only.',
    fsPath: true,
  }),
  timeoutMs: key(z.int().min(1000).max(600_000).default(30_000), {
    title: 'Request timeout',
    description: 'Milliseconds before a Graph request is abandoned and retried.',
  }),
  maxRetries: key(z.int().min(0).max(20).default(6), {
    title: 'Retries',
    description: 'Retries of one request after 429, 5xx or a timeout (exponential back-off with jitter; `Retry-After` is honoured).',
  }),
  writesPerWindow: key(z.int().min(1).max(100_000).default(3000), {
    title: 'Write quota',
    description: 'Writes allowed per `writeWindowSeconds` (Graph\'s identity write quota is 3,000 per 150 s per app and tenant). Writes are paced below it; 429s slow the pace further.',
  }),
  writeWindowSeconds: key(z.int().min(1).max(3600).default(150), {
    title: 'Write quota window',
    description: 'Length of the write-quota window in seconds.',
  }),
  sync: z.strictObject({
    defaultUsageLocation: key(z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166 alpha-2 code such as "US"').nullable().default(null), {
      title: 'Default usage location',
      description: 'Usage location for provisioned users whose group sets none. Licences cannot be assigned without one.',
    }),
    intervalMinutes: key(z.int().min(5).max(1440).nullable().default(null), {
      title: 'Sync interval',
      description: 'When set, `serve` runs `graph sync` every this many minutes (the first one a minute after start), skipping a turn while one is still running. `null` syncs only when `mfa-appliance graph sync` is run.',
      recommendation: '30, once a dry run looked right. A sync stopped by a restart resumes at the next turn.',
    }),
    groups: key(z.array(syncGroupSchema).default([]), {
      title: 'Provisioning groups',
      description: 'Local groups whose members are provisioned to Entra. Fields: `group` (local group name, required); `usageLocation` (ISO 3166 alpha-2, `null` = the default); `licenses` (SKU part numbers such as `ENTERPRISEPACK`, resolved through `subscribedSkus`); `deprovision` (`leave`, `disable` (default) or `delete`: what happens in Entra to a member who leaves every provisioning group; `delete` is a soft delete, 30 days in the recycle bin); `entraGroupId` (object id of an Entra group kept in step with the membership, or `null`).',
      recommendation: 'Start with `deprovision: disable`; deleting is reversible only for 30 days.',
    }),
  }).prefault({}),
}).prefault({});

/** One federated domain; the fields are documented in `federation.domains`. */
const federatedDomainSchema = z.strictObject({
  name: z.string().toLowerCase().refine((s) => DOMAIN.test(s), { message: 'expected a domain name such as "contoso.com"' }),
  protocol: z.enum(['saml', 'wsfed']).default('saml'),
  issuer: z.string().min(1).max(255).refine((s) => URL.canParse(s), { message: 'expected an absolute URI' }).nullable().default(null),
});

const federationSchema = z.strictObject({
  domains: key(z.array(federatedDomainSchema).default([]), {
    title: 'Federated domains',
    description: 'Entra domains whose users sign in here. Fields: `name` (the verified custom domain, e.g. `contoso.com`; users whose UPN ends in it may sign in); `protocol` (`saml` (default) or `wsfed`: what `graph federate` configures); `issuer` (the issuer URI in this domain\'s tokens, unique per domain in the tenant; `null` = `<server.publicUrl>/federation/<name>`).',
    recommendation: 'Keep the default issuers: Entra refuses a second domain with the same issuer (409), and changing one later needs `graph federate` again.',
  }),
  signing: z.strictObject({
    keyBits: key(z.union([z.literal(2048), z.literal(3072), z.literal(4096)]).default(2048), {
      title: 'Signing key size',
      description: 'RSA modulus size of new token-signing keys (RSA-SHA256 signatures).',
      recommendation: '2048 is what Entra and AD FS use; 3072 costs about 3× the signing time.',
    }),
    validityDays: key(z.int().min(30).max(3650).default(1095), {
      title: 'Signing certificate lifetime',
      description: 'Days a new token-signing certificate is valid. Entra checks the dates of the certificate it holds.',
    }),
    warnDays: key(z.int().min(1).max(365).default(30), {
      title: 'Expiry warning',
      description: '`doctor` warns when the current signing certificate expires within this many days, and fails once it has expired.',
    }),
  }).prefault({}),
  saml: z.strictObject({
    requireSignedRequests: key(z.boolean().default(false), {
      title: 'Require signed AuthnRequests',
      description: 'Refuse SAML AuthnRequests and LogoutRequests that are not signed by one of `entraCertificatesFile`. Match the domain\'s `isSignedAuthenticationRequestRequired` in Entra. Only these signatures may use RSA-SHA1 (Entra signs with it).',
    }),
    entraCertificatesFile: key(optionalPath(), {
      title: 'Entra signing certificates',
      description: 'PEM file of the certificates Entra signs requests with (the `KeyDescriptor use="signing"` certificates of https://nexus.microsoftonline-p.com/federationmetadata/saml20/federationmetadata.xml). Signed requests are verified against these only; the certificate in a request is never trusted.',
      fsPath: true,
    }),
    signResponse: key(z.boolean().default(false), {
      title: 'Sign the Response too',
      description: 'Sign the SAML Response element in addition to the Assertion (which is always signed). Entra needs only the Assertion signed.',
    }),
  }).prefault({}),
  signin: z.strictObject({
    transactionSeconds: key(z.int().min(60).max(3600).default(600), {
      title: 'Sign-in transaction lifetime',
      description: 'Seconds between a sign-in request and its response; the transaction is single use and bound to the browser that started it.',
    }),
    sessionMinutes: key(z.int().min(0).max(1440).default(480), {
      title: 'Single sign-on session',
      description: 'Minutes a completed sign-in is remembered in the browser, so that later requests without `ForceAuthn`, `wfresh=0` or `prompt=login` need no password or code. `0` disables single sign-on.',
    }),
    skipCodeOnTrustedNetworks: key(z.boolean().default(false), {
      title: 'Skip the code on trusted networks',
      description: 'When true, a browser inside `policy.trustedNetworks` signs in with the password alone. The token then says the MFA was not done here (PasswordProtectedTransport) and `insidecorporatenetwork=true`; each bypass is audited as `signin.mfa_bypassed`.',
      recommendation: 'Leave false unless Entra\'s "trusted IPs" policy is meant to cover these networks.',
    }),
  }).prefault({}),
}).prefault({});

const tokensSchema = z.strictObject({
  program: z.strictObject({
    algorithm: key(z.enum(['SHA1', 'SHA256']).default('SHA1'), {
      title: 'Programmed token algorithm',
      description: 'HMAC of the TOTP seeds burned by `token program` and the console: `SHA1` (a 20-byte seed, what every programmable token and Entra\'s OATH import support) or `SHA256` (a 32-byte seed). `token program --algorithm` overrides it per run. Codes are 6 digits every 30 s.',
      recommendation: 'Keep SHA1 unless every token model in use supports SHA-256 (Token2 single-profile and Molto2 do, YubiKey OATH does).',
    }),
    registerInEntra: key(z.boolean().default(false), {
      title: 'Register programmed tokens in Entra',
      description: 'When true (and `graph.*` is configured), a token programmed for a user, by the console or `token program --user`, is then created in Entra\'s hardware OATH inventory, assigned to the user and activated with a verified code, so Entra itself can check its codes. A failed registration leaves the token active here and says why.',
      recommendation: 'Only for tenants where Entra, not this appliance, verifies the codes (domains not federated here).',
    }),
  }).prefault({}),
}).prefault({});

const helpdeskSchema = z.strictObject({
  session: z.strictObject({
    idleMinutes: key(z.int().min(1).max(480).default(30), {
      title: 'Console idle timeout',
      description: 'Minutes without a request after which a staff console session ends.',
    }),
    maxHours: key(z.int().min(1).max(24).default(12), {
      title: 'Console session lifetime',
      description: 'Hours after sign-in after which a staff console session ends, however active.',
    }),
  }).prefault({}),
}).prefault({});

/** The whole configuration document. Parse with `safeParse`; every key has a default, so `{}` is valid. */
export const configSchema = z.strictObject({
  dataDir: key(z.string().min(1).default('/var/lib/mfa-appliance'), {
    title: 'Data directory',
    description: 'Directory of the SQLite database, the generated TLS certificate and the default master key.',
    recommendation: 'Owned by the service user with mode 0700, on a local disk that is backed up.',
    fsPath: true,
  }),
  server: serverSchema,
  store: storeSchema,
  vault: z.strictObject({
    masterKeyFile: key(optionalPath(), {
      title: 'Master key file',
      description: 'File holding the vault master key that seals seeds and signing keys. `null` uses `$CREDENTIALS_DIRECTORY/master-key` when systemd passes credentials, else `<dataDir>/master-key`.',
      recommendation: 'Deliver it as a systemd credential (`LoadCredentialEncrypted=master-key:…`) and keep a copy offline: without it no seed can be recovered.',
      fsPath: true,
    }),
  }).prefault({}),
  log: z.strictObject({
    level: key(z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'), {
      title: 'Log level',
      description: 'Least severe level written to the log. `trace` includes device traffic (PINs and seeds are always masked).',
    }),
  }).prefault({}),
  directory: directorySchema,
  otp: otpSchema,
  policy: policySchema,
  api: apiSchema,
  graph: graphSchema,
  federation: federationSchema,
  tokens: tokensSchema,
  helpdesk: helpdeskSchema,
  demo: key(z.boolean().default(false), {
    title: 'Demo mode',
    description: 'Set only in configurations written by `mfa-appliance init --demo`: a demo master key and demo users are in use. Logs a MUST-change warning at start.',
    recommendation: 'Never true in production; run `init` without `--demo` for a real installation.',
  }),
});

/** The validated configuration, with `null` where a default is derived at load time. */
export type AppConfig = z.output<typeof configSchema>;
