// SPDX-License-Identifier: UNLICENSED
import { element, startTag } from '../xml/canonical-xml.js';
import { signEnveloped } from '../xml/sign-enveloped.js';
import { DSIG_NS } from '../xml/xmldsig.js';
import { checkedXml } from './checked-xml.js';
import { newSamlId } from './new-saml-id.js';
import { BINDING_HTTP_POST, BINDING_HTTP_REDIRECT, MD_NS, NAMEID_PERSISTENT, SAMLP_NS } from './saml-constants.js';
import type { SamlIdpDeps, SamlMetadataInput } from './saml-idp.js';

/**
 * The IdP's signed metadata (saml-metadata §2.3.2, §2.4.3), in schema order:
 * ```
 * <md:EntityDescriptor xmlns:md ID entityID=issuer>
 *   <ds:Signature/>
 *   <md:IDPSSODescriptor WantAuthnRequestsSigned=requireSignedRequests protocolSupportEnumeration=SAML 2.0 protocol>
 *     <md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds><ds:X509Data><ds:X509Certificate>base64 DER</…></…></…></md:KeyDescriptor> ×N
 *     <md:SingleLogoutService Binding=HTTP-Redirect Location=sloUrl/> <md:SingleLogoutService Binding=HTTP-POST Location=sloUrl/>
 *     <md:NameIDFormat>persistent</md:NameIDFormat>
 *     <md:SingleSignOnService Binding=HTTP-POST Location=ssoUrl/> <md:SingleSignOnService Binding=HTTP-Redirect Location=ssoUrl/>
 *   </md:IDPSSODescriptor>
 * </md:EntityDescriptor>
 * ```
 * One KeyDescriptor per certificate given (the current and, during rollover, the next). Entra does not
 * read IdP metadata (reference §1.1); it is for administrators and other tools.
 */
export async function buildIdpMetadata(deps: SamlIdpDeps, input: SamlMetadataInput): Promise<string> {
  const key = await deps.signingKey();
  const id = newSamlId(deps.random);
  return checkedXml(() => {
    const keys = input.certificates.map((der) => element('md:KeyDescriptor', { attrs: { use: 'signing' } }, [
      element('ds:KeyInfo', { ns: { ds: DSIG_NS } }, [element('ds:X509Data', {}, [element('ds:X509Certificate', {}, der.toString('base64'))])]),
    ]));
    const endpoint = (name: string, binding: string, location: string): string => element(`md:${name}`, { attrs: { Binding: binding, Location: location } });
    const descriptor = element('md:IDPSSODescriptor', {
      attrs: { WantAuthnRequestsSigned: deps.requireSignedRequests ? 'true' : 'false', protocolSupportEnumeration: SAMLP_NS },
    }, [
      ...keys,
      endpoint('SingleLogoutService', BINDING_HTTP_REDIRECT, input.sloUrl),
      endpoint('SingleLogoutService', BINDING_HTTP_POST, input.sloUrl),
      element('md:NameIDFormat', {}, NAMEID_PERSISTENT),
      endpoint('SingleSignOnService', BINDING_HTTP_POST, input.ssoUrl),
      endpoint('SingleSignOnService', BINDING_HTTP_REDIRECT, input.ssoUrl),
    ]);
    return signEnveloped({
      start: startTag('md:EntityDescriptor', { ns: { md: MD_NS }, attrs: { ID: id, entityID: input.issuer } }),
      before: '',
      after: descriptor,
      end: '</md:EntityDescriptor>',
      id,
    }, key);
  });
}
