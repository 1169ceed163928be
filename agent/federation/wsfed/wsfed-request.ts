// SPDX-License-Identifier: UNLICENSED
/** A sign-in request (`wa=wsignin1.0`) as `readWsfedRequest` accepted it. */
export interface WsfedSigninRequest {
  action: 'wsignin1.0';
  /** Always `urn:federation:MicrosoftOnline` (anything else is refused). */
  wtrealm: string;
  /** Opaque relying-party context, echoed verbatim in the response; null when absent. */
  wctx: string | null;
  /** A Microsoft login URL (normalised by WHATWG URL), or null when absent. Responses still go to login.srf. */
  wreply: string | null;
  /** Login hint (`username`), or null when absent or empty. */
  username: string | null;
  /** True for `wfresh=0` or `prompt=login`: re-prompt the password and the code. */
  fresh: boolean;
  /** Requested authentication method (`wauth`), e.g. multipleauthn; null when absent or empty. */
  wauth: string | null;
}

/** A sign-out request; `wreply` is a Microsoft login URL or null. */
export interface WsfedSignoutRequest {
  action: 'wsignout1.0' | 'wsignoutcleanup1.0';
  wreply: string | null;
}

/** A WS-Federation passive request (MS-MWBF §2.2). */
export type WsfedRequest = WsfedSigninRequest | WsfedSignoutRequest;
