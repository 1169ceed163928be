// SPDX-License-Identifier: UNLICENSED
import { MfaError } from '../../errors.js';
import type { GraphCore } from './graph-client.js';

/** `@odata.type` of a domain federation configuration (reference §3.1). */
const INTERNAL_DOMAIN_FEDERATION = '#microsoft.graph.internalDomainFederation';

export interface GraphDomain {
  id: string;
  authenticationType: 'Managed' | 'Federated' | string;
  isVerified: boolean;
  isDefault?: boolean;
  isInitial?: boolean;
  [property: string]: unknown;
}

/** `internalDomainFederation` (reference §3.2); writable properties only, all optional on update. */
export interface DomainFederationSettings {
  displayName?: string;
  issuerUri?: string;
  metadataExchangeUri?: string | null;
  passiveSignInUri?: string;
  activeSignInUri?: string | null;
  signOutUri?: string;
  preferredAuthenticationProtocol?: 'saml' | 'wsFed';
  /** Base64 DER, no PEM armour. */
  signingCertificate?: string;
  nextSigningCertificate?: string | null;
  promptLoginBehavior?: 'translateToFreshPasswordAuthentication' | 'nativeSupport' | 'disabled';
  federatedIdpMfaBehavior?: 'acceptIfMfaDoneByFederatedIdp' | 'enforceMfaByFederatedIdp' | 'rejectMfaByFederatedIdp';
  isSignedAuthenticationRequestRequired?: boolean;
}

export interface DomainFederation extends DomainFederationSettings {
  id: string;
  [property: string]: unknown;
}

/** Domains and their federation configuration (reference §3.1, §3.4). */
export interface DomainOperations {
  /** Null when the tenant has no such domain. */
  getDomain(name: string): Promise<GraphDomain | null>;
  /** 0 or 1 item. */
  listFederationConfigurations(domain: string): Promise<DomainFederation[]>;
  /** Converts the domain to Federated. */
  createFederationConfiguration(domain: string, settings: DomainFederationSettings): Promise<DomainFederation>;
  updateFederationConfiguration(domain: string, id: string, changes: DomainFederationSettings): Promise<void>;
  deleteFederationConfiguration(domain: string, id: string): Promise<void>;
  /** `PATCH /domains/{id}` `{ authenticationType }`; `Managed` defederates. */
  setDomainAuthenticationType(domain: string, type: 'Managed' | 'Federated'): Promise<void>;
}

export function createDomainOperations(core: GraphCore): DomainOperations {
  const d = (name: string): string => `/domains/${encodeURIComponent(name)}`;
  return {
    async getDomain(name) {
      try {
        const { body } = await core.request<GraphDomain>({ method: 'GET', path: d(name) });
        return body ?? null;
      } catch (err) {
        if (err instanceof MfaError && err.code === 'ERR_GRAPH' && err.data.status === 404) return null;
        throw err;
      }
    },
    listFederationConfigurations: (domain) => core.listAll<DomainFederation>(`${d(domain)}/federationConfiguration`),
    async createFederationConfiguration(domain, settings) {
      const { body } = await core.request<DomainFederation>({
        method: 'POST', path: `${d(domain)}/federationConfiguration`, body: { '@odata.type': INTERNAL_DOMAIN_FEDERATION, ...settings },
      });
      if (body?.id === undefined) throw new MfaError('ERR_GRAPH', 'Graph returned no federation configuration id', { data: { reason: 'protocol', status: 201 } });
      return body;
    },
    async updateFederationConfiguration(domain, id, changes) {
      await core.request({
        method: 'PATCH', path: `${d(domain)}/federationConfiguration/${encodeURIComponent(id)}`, body: { '@odata.type': INTERNAL_DOMAIN_FEDERATION, ...changes },
      });
    },
    async deleteFederationConfiguration(domain, id) {
      await core.request({ method: 'DELETE', path: `${d(domain)}/federationConfiguration/${encodeURIComponent(id)}` });
    },
    async setDomainAuthenticationType(domain, type) {
      await core.request({ method: 'PATCH', path: d(domain), body: { authenticationType: type } });
    },
  };
}
