// SPDX-License-Identifier: UNLICENSED

/** Graph `mailNickname`: at most 64 characters (reference §4.1 user resource). */
const MAX_LENGTH = 64;
/** Characters an Exchange alias may hold; anything else becomes `_`. */
const NOT_ALLOWED = /[^A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]/g;

/**
 * The `mailNickname` for `upn`: its local part with characters Graph refuses replaced by `_`, dots at
 * either end and repeated dots removed, cut to 64 characters; `user` if nothing is left.
 */
export function deriveMailNickname(upn: string): string {
  const at = upn.lastIndexOf('@');
  const local = at < 0 ? upn : upn.slice(0, at);
  const cleaned = local.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(NOT_ALLOWED, '_').replace(/\.{2,}/g, '.');
  const trimmed = cleaned.slice(0, MAX_LENGTH).replace(/^\.+|\.+$/g, '');
  return trimmed === '' ? 'user' : trimmed;
}
