// SPDX-License-Identifier: UNLICENSED
import type { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import type { AuditLog } from '../audit/audit-log.js';
import { MfaError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';
import type { MessageIdStore } from '../store/store.js';
import { domainForUpn, type FederatedDomain } from './federated-domains.js';
import type { SigningKeys } from './keys/signing-keys.js';
import { createSamlIdp } from './saml/create-saml-idp.js';
import type { SamlLoginRequest, SamlLogoutRequest, SamlPostForm, SamlRequestInput } from './saml/saml-idp.js';
import { createWsfedIdp } from './wsfed/create-wsfed-idp.js';
import type { WsfedRequest, WsfedSigninRequest } from './wsfed/wsfed-request.js';

/** Endpoint paths (ARCHITECTURE.md "HTTP": contracts). */
export const FEDERATION_PATHS = {
  samlSso: '/federation/saml/sso',
  samlSlo: '/federation/saml/slo',
  samlMetadata: '/federation/saml/metadata.xml',
  wsfed: '/federation/wsfed',
  wsfedMetadata: '/FederationMetadata/2007-06/FederationMetadata.xml',
} as const;

/** Where a protocol message came from, for the audit log. */
export interface FederationRequestContext {
  clientIp: string;
  /** The endpoint path it arrived on. */
  endpoint: string;
}

/** A completed sign-in to turn into a token. */
export interface FederationIssueInput {
  user: { id: string; upn: string; immutableId: string };
  domain: FederatedDomain;
  /** When the last factor was verified (ms). */
  authnInstant: number;
  mfa: boolean;
  insideCorporateNetwork: boolean;
  /** SAML `SessionIndex` (the sign-in transaction id). */
  sessionIndex: string;
  clientIp: string;
}

/** An auto-submitting POST form to Entra. */
export interface FederationPostForm {
  url: string;
  fields: Record<string, string>;
}

/**
 * The federation IdP as the web layer uses it: SAML 2.0 and WS-Fed over the current signing key, one
 * issuer per federated domain. Contracts:
 * - every refused inbound message is audited `federation.request_rejected` (with the client address)
 *   and the `MfaError` (400) is rethrown unchanged;
 * - every token issued is audited `federation.token_issued` (the issuance log: one record per token);
 * - metadata publishes the current certificate, then the next one during a rollover; `domain` picks that
 *   domain's issuer (`ERR_NOT_FOUND` for a domain not configured), else the first domain's.
 */
export interface FederationService {
  readonly domains: readonly FederatedDomain[];
  readSamlLogin(input: SamlRequestInput, ctx: FederationRequestContext): Promise<SamlLoginRequest>;
  readSamlLogout(input: SamlRequestInput, ctx: FederationRequestContext): Promise<SamlLogoutRequest>;
  readWsfed(params: Readonly<Record<string, unknown>>, ctx: FederationRequestContext): Promise<WsfedRequest>;
  issueSaml(request: SamlLoginRequest, input: FederationIssueInput): Promise<FederationPostForm>;
  issueWsfed(request: WsfedSigninRequest, input: FederationIssueInput): Promise<FederationPostForm>;
  /** The LogoutResponse to POST back, from the issuer of `upn`'s domain (or the default issuer). */
  samlLogoutResponse(request: SamlLogoutRequest, upn: string | null): Promise<SamlPostForm>;
  samlMetadata(domain?: string | null): Promise<string>;
  wsfedMetadata(domain?: string | null): Promise<string>;
}

export interface FederationServiceDeps {
  signingKeys: Pick<SigningKeys, 'current' | 'published'>;
  messageIds: MessageIdStore;
  audit: AuditLog;
  clock: Clock;
  random: Random;
  /** `server.publicUrl`, the base of the endpoint URLs. */
  publicUrl: string;
  /** The resolved `federation.domains`. */
  domains: readonly FederatedDomain[];
  saml: {
    requireSignedRequests: boolean;
    signResponse: boolean;
    /** Entra's pinned request-signing certificates (`federation.saml.entraCertificatesFile`). */
    entraCertificates: readonly X509Certificate[];
  };
}

export function createFederationService(deps: FederationServiceDeps): FederationService {
  const { signingKeys, audit, domains } = deps;
  const base = deps.publicUrl.replace(/\/+$/, '');
  const url = (path: string): string => `${base}${path}`;
  const signingKey = async () => {
    const k = await signingKeys.current();
    return { id: k.id, privateKey: k.privateKey, certificateDer: k.certificateDer };
  };
  const saml = createSamlIdp({
    messageIds: deps.messageIds, clock: deps.clock, random: deps.random, signingKey,
    entraCertificates: [...deps.saml.entraCertificates], requireSignedRequests: deps.saml.requireSignedRequests, signResponse: deps.saml.signResponse,
    ssoUrls: [url(FEDERATION_PATHS.samlSso)], sloUrls: [url(FEDERATION_PATHS.samlSlo)],
  });
  const wsfed = createWsfedIdp({ clock: deps.clock, random: deps.random, signingKey });
  const defaultIssuer = (protocol: 'saml' | 'wsfed'): string => (domains.find((d) => d.protocol === protocol) ?? domains[0])?.issuer ?? `${base}/federation`;
  const source = (ip: string): string => (isIP(ip) === 0 ? 'system' : ip);

  function issuerFor(domain: string | null | undefined, protocol: 'saml' | 'wsfed'): string {
    if (domain === null || domain === undefined || domain === '') return defaultIssuer(protocol);
    const found = domains.find((d) => d.name === domain.toLowerCase());
    if (found === undefined) throw new MfaError('ERR_NOT_FOUND', `${domain} is not a federated domain here`, { data: { domain } });
    return found.issuer;
  }

  async function certificates(): Promise<Buffer[]> {
    const { current, next } = await signingKeys.published();
    return next === null ? [current.certificateDer] : [current.certificateDer, next.certificateDer];
  }

  /** Audits a refused inbound message and rethrows it; other faults propagate unaudited. */
  async function guarded<T>(protocol: 'saml' | 'wsfed', ctx: FederationRequestContext, read: () => Promise<T> | T): Promise<T> {
    try {
      return await read();
    } catch (err) {
      if (err instanceof MfaError && err.status === 400) {
        const issuer = typeof err.data.issuer === 'string' ? err.data.issuer : null;
        await audit.record({
          event: 'federation.request_rejected', actor: 'system', source: source(ctx.clientIp), subject: issuer, outcome: 'denied',
          details: { protocol, endpoint: ctx.endpoint, reason: err.code, detail: typeof err.data.detail === 'string' ? err.data.detail : err.message, clientIp: ctx.clientIp },
        });
      }
      throw err;
    }
  }

  async function issued(protocol: 'saml' | 'wsfed', input: FederationIssueInput, token: { assertionId: string; authnContext: string; signingKeyId: string; inResponseTo?: string }): Promise<void> {
    await audit.record({
      event: 'federation.token_issued', actor: `user:${input.user.upn}`, source: source(input.clientIp), subject: input.user.upn, outcome: 'success',
      details: {
        userId: input.user.id, protocol, issuer: input.domain.issuer, domain: input.domain.name, assertionId: token.assertionId,
        ...(token.inResponseTo === undefined ? {} : { inResponseTo: token.inResponseTo }),
        authnContext: token.authnContext, mfa: input.mfa, insideCorporateNetwork: input.insideCorporateNetwork, signingKeyId: token.signingKeyId,
        authnInstant: new Date(input.authnInstant).toISOString(),
      },
    });
  }

  return {
    domains,
    readSamlLogin: (input, ctx) => guarded('saml', ctx, () => saml.readLoginRequest(input)),
    readSamlLogout: (input, ctx) => guarded('saml', ctx, () => saml.readLogoutRequest(input)),
    readWsfed: (params, ctx) => guarded('wsfed', ctx, () => wsfed.readRequest(params)),

    async issueSaml(request, input) {
      const r = await saml.buildLoginResponse({
        request, issuer: input.domain.issuer, user: { upn: input.user.upn, immutableId: input.user.immutableId },
        authnInstant: input.authnInstant, mfa: input.mfa, insideCorporateNetwork: input.insideCorporateNetwork, sessionIndex: input.sessionIndex,
      });
      await issued('saml', input, { assertionId: r.assertionId, authnContext: r.authnContext, signingKeyId: r.signingKeyId, inResponseTo: request.id });
      return { url: r.url, fields: r.fields };
    },

    async issueWsfed(request, input) {
      const r = await wsfed.buildSigninResponse({
        request, issuer: input.domain.issuer, user: { upn: input.user.upn, immutableId: input.user.immutableId },
        authnInstant: input.authnInstant, mfa: input.mfa, insideCorporateNetwork: input.insideCorporateNetwork,
      });
      await issued('wsfed', input, { assertionId: r.assertionId, authnContext: r.authnMethod, signingKeyId: r.signingKeyId });
      return { url: r.url, fields: { ...r.fields } };
    },

    samlLogoutResponse(request, upn) {
      const issuer = (upn === null ? null : domainForUpn(domains, upn))?.issuer ?? defaultIssuer('saml');
      return saml.buildLogoutResponse({ request, issuer, status: 'success' });
    },

    async samlMetadata(domain) {
      const issuer = issuerFor(domain, 'saml');
      return saml.metadata({ issuer, ssoUrl: url(FEDERATION_PATHS.samlSso), sloUrl: url(FEDERATION_PATHS.samlSlo), certificates: await certificates() });
    },

    async wsfedMetadata(domain) {
      const issuer = issuerFor(domain, 'wsfed');
      return wsfed.metadata({ issuer, passiveUrl: url(FEDERATION_PATHS.wsfed), certificates: await certificates() });
    },
  };
}
