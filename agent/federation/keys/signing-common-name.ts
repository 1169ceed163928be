// SPDX-License-Identifier: UNLICENSED
/** Subject CN of new token-signing certificates: `mfa-appliance signing <host of server.publicUrl>` (AD FS names its own `ADFS Signing - <host>`). */
export function signingCommonName(publicUrl: string): string {
  return `mfa-appliance signing ${new URL(publicUrl).hostname.replace(/^\[|\]$/g, '')}`;
}
