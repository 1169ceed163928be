// SPDX-License-Identifier: UNLICENSED
/** Who is acting and from where; passed to every service call that changes state, for the audit log. */
export interface Actor {
  /** `staff:<upn>`, `user:<upn>`, `api:<client name>`, `cli:<os user>`, or `system`. */
  id: string;
  /** An IP address, `cli`, or `system`. */
  source: string;
}
