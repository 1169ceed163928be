// SPDX-License-Identifier: UNLICENSED
import type { StaffIdentity } from '../../agent/helpdesk/helpdesk-access.js';
import { html, type SafeHtml } from './html.js';

/** The console's top bar: navigation, who is signed in, and the sign-out form (POST with the session's form token). */
export function helpdeskHeader(staff: StaffIdentity, csrf: string): SafeHtml {
  return html`<header class="hd-header">
<nav class="hd-nav" aria-label="Helpdesk">
<a class="hd-brand" href="/helpdesk">Helpdesk</a>
<a href="/helpdesk/tokens/program">Program tokens</a>
</nav>
<form class="hd-signout" method="post" action="/helpdesk/signout">
<span class="hd-who">${staff.upn} <span class="hd-role">${staff.role}</span></span>
<input type="hidden" name="csrf" value="${csrf}">
<button type="submit" class="hd-button hd-button-secondary">Sign out</button>
</form>
</header>`;
}
