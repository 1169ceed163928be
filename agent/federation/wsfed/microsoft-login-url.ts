// SPDX-License-Identifier: UNLICENSED
import { MICROSOFT_LOGIN_HOSTS } from './wsfed-constants.js';

/**
 * `value` as a normalised absolute URL (WHATWG `href`) when it is `https:` on one of
 * `MICROSOFT_LOGIN_HOSTS`, on the default port and without user info; null otherwise (including
 * unparsable input, another scheme, a look-alike or trailing-dot host).
 */
export function microsoftLoginUrl(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.port !== '') return null;
  return MICROSOFT_LOGIN_HOSTS.includes(url.hostname) ? url.href : null;
}
