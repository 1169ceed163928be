// SPDX-License-Identifier: UNLICENSED
import { MfaError, type MfaErrorCode } from '../../errors.js';

/** The codes a refused SAML request carries; all map to HTTP 400. */
export type SamlRequestErrorCode = 'ERR_SAML_REQUEST' | 'ERR_SIGNATURE' | 'ERR_XML_MALFORMED' | 'ERR_XML_FORBIDDEN';

/**
 * A refused request: message `SAML request refused: <detail>`, `data: { detail, issuer? }`. `detail` is
 * one sentence naming the rule that failed, safe to show the browser; it never carries a stack.
 */
export function samlRequestError(code: SamlRequestErrorCode, detail: string, issuer?: string, cause?: unknown): MfaError {
  const data: Record<string, unknown> = issuer === undefined ? { detail } : { detail, issuer };
  return new MfaError(code satisfies MfaErrorCode, `SAML request refused: ${detail}`, { data, cause });
}
