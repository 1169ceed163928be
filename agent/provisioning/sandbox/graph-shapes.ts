// SPDX-License-Identifier: UNLICENSED

/**
 * A Graph structured type as far as the sandbox models it: the property names it accepts in request
 * bodies, each with its CSDL type string (`Edm.String`, `Collection(Edm.String)`, `graph.passwordProfile`).
 * `lineage` is the type and its base types, most derived first, as Microsoft names them.
 */
export interface GraphShape {
  lineage: readonly string[];
  properties: Readonly<Record<string, string>>;
}

/**
 * The types the sandbox accepts in request bodies, written from the Graph documentation (v1.0 resources
 * user, group, domain, internalDomainFederation; beta hardwareOathTokenAuthenticationMethodDevice) and
 * cross-checked against Microsoft's CSDL and property lists by
 * test/agent/provisioning/sandbox/graph-shapes.test.ts.
 */
export const GRAPH_SHAPES: Readonly<Record<string, { shapes: Readonly<Record<string, GraphShape>>; enums: Readonly<Record<string, readonly string[]>> }>> = {
  'v1.0': {
    shapes: {
      'microsoft.graph.user': {
        lineage: ['user', 'directoryObject', 'entity'],
        properties: {
          id: 'Edm.String', accountEnabled: 'Edm.Boolean', displayName: 'Edm.String', givenName: 'Edm.String', surname: 'Edm.String',
          mailNickname: 'Edm.String', userPrincipalName: 'Edm.String', onPremisesImmutableId: 'Edm.String', usageLocation: 'Edm.String',
          passwordProfile: 'graph.passwordProfile', passwordPolicies: 'Edm.String', mail: 'Edm.String', otherMails: 'Collection(Edm.String)',
          jobTitle: 'Edm.String', department: 'Edm.String', companyName: 'Edm.String', employeeId: 'Edm.String', employeeType: 'Edm.String',
          officeLocation: 'Edm.String', mobilePhone: 'Edm.String', businessPhones: 'Collection(Edm.String)', preferredLanguage: 'Edm.String',
          city: 'Edm.String', country: 'Edm.String', state: 'Edm.String', streetAddress: 'Edm.String', postalCode: 'Edm.String',
          userType: 'Edm.String', createdDateTime: 'Edm.DateTimeOffset', assignedLicenses: 'Collection(graph.assignedLicense)',
          deletedDateTime: 'Edm.DateTimeOffset',
        },
      },
      'microsoft.graph.passwordProfile': {
        lineage: ['passwordProfile'],
        properties: { password: 'Edm.String', forceChangePasswordNextSignIn: 'Edm.Boolean', forceChangePasswordNextSignInWithMfa: 'Edm.Boolean' },
      },
      'microsoft.graph.assignedLicense': {
        lineage: ['assignedLicense'],
        properties: { skuId: 'Edm.Guid', disabledPlans: 'Collection(Edm.Guid)' },
      },
      'microsoft.graph.group': {
        lineage: ['group', 'directoryObject', 'entity'],
        properties: {
          id: 'Edm.String', displayName: 'Edm.String', description: 'Edm.String', mailEnabled: 'Edm.Boolean', mailNickname: 'Edm.String',
          securityEnabled: 'Edm.Boolean', groupTypes: 'Collection(Edm.String)', visibility: 'Edm.String', isAssignableToRole: 'Edm.Boolean',
          createdDateTime: 'Edm.DateTimeOffset', deletedDateTime: 'Edm.DateTimeOffset',
        },
      },
      'microsoft.graph.domain': {
        lineage: ['domain', 'entity'],
        properties: {
          id: 'Edm.String', authenticationType: 'Edm.String', isDefault: 'Edm.Boolean', isInitial: 'Edm.Boolean', isVerified: 'Edm.Boolean',
          isAdminManaged: 'Edm.Boolean', isRoot: 'Edm.Boolean', supportedServices: 'Collection(Edm.String)',
          passwordNotificationWindowInDays: 'Edm.Int32', passwordValidityPeriodInDays: 'Edm.Int32',
        },
      },
      'microsoft.graph.internalDomainFederation': {
        lineage: ['internalDomainFederation', 'samlOrWsFedProvider', 'identityProviderBase', 'entity'],
        properties: {
          id: 'Edm.String', displayName: 'Edm.String', issuerUri: 'Edm.String', metadataExchangeUri: 'Edm.String', passiveSignInUri: 'Edm.String',
          preferredAuthenticationProtocol: 'graph.authenticationProtocol', signingCertificate: 'Edm.String', activeSignInUri: 'Edm.String',
          signOutUri: 'Edm.String', promptLoginBehavior: 'graph.promptLoginBehavior', isSignedAuthenticationRequestRequired: 'Edm.Boolean',
          nextSigningCertificate: 'Edm.String', signingCertificateUpdateStatus: 'graph.signingCertificateUpdateStatus',
          federatedIdpMfaBehavior: 'graph.federatedIdpMfaBehavior', passwordResetUri: 'Edm.String',
        },
      },
      'microsoft.graph.signingCertificateUpdateStatus': {
        lineage: ['signingCertificateUpdateStatus'],
        properties: { certificateUpdateResult: 'Edm.String', lastRunDateTime: 'Edm.DateTimeOffset' },
      },
    },
    enums: {
      'graph.authenticationProtocol': ['wsFed', 'saml', 'unknownFutureValue'],
      'graph.promptLoginBehavior': ['translateToFreshPasswordAuthentication', 'nativeSupport', 'disabled', 'unknownFutureValue'],
      'graph.federatedIdpMfaBehavior': ['acceptIfMfaDoneByFederatedIdp', 'enforceMfaByFederatedIdp', 'rejectMfaByFederatedIdp', 'unknownFutureValue'],
    },
  },
  beta: {
    shapes: {
      'microsoft.graph.hardwareOathTokenAuthenticationMethodDevice': {
        lineage: ['hardwareOathTokenAuthenticationMethodDevice', 'authenticationMethodDevice', 'entity'],
        properties: {
          id: 'Edm.String', displayName: 'Edm.String', serialNumber: 'Edm.String', manufacturer: 'Edm.String', model: 'Edm.String',
          secretKey: 'Edm.String', timeIntervalInSeconds: 'Edm.Int32', hashFunction: 'graph.hardwareOathTokenHashFunction',
          status: 'graph.hardwareOathTokenStatus', assignTo: 'graph.identity', assignedTo: 'graph.identity', lastUsedDateTime: 'Edm.DateTimeOffset',
        },
      },
      'microsoft.graph.identity': {
        lineage: ['identity'],
        properties: { id: 'Edm.String', displayName: 'Edm.String' },
      },
      'microsoft.graph.hardwareOathAuthenticationMethod': {
        lineage: ['hardwareOathAuthenticationMethod', 'authenticationMethod', 'entity'],
        properties: { id: 'Edm.String', device: 'graph.identity', createdDateTime: 'Edm.DateTimeOffset', lastUsedDateTime: 'Edm.DateTimeOffset' },
      },
    },
    enums: {
      'graph.hardwareOathTokenHashFunction': ['hmacsha1', 'hmacsha256', 'unknownFutureValue'],
      'graph.hardwareOathTokenStatus': ['available', 'assigned', 'activated', 'failedActivation', 'unknownFutureValue'],
    },
  },
};
