// SPDX-License-Identifier: UNLICENSED
import type { ConsoleJobView } from '../../agent/helpdesk/create-program-console.js';
import type { StaffIdentity } from '../../agent/helpdesk/helpdesk-access.js';
import { helpdeskHeader } from './helpdesk-header.js';
import { jobPath } from './helpdesk-job-page.js';
import { describeJobState } from './helpdesk-job-state.js';
import { html, type SafeHtml } from './html.js';
import { pageLayout } from './page-layout.js';

/** `GET /helpdesk`: what the desk can do, and the programming jobs running now or finished lately. */
export function helpdeskHomePage(o: { staff: StaffIdentity; csrf: string; jobs: readonly ConsoleJobView[] }): SafeHtml {
  return pageLayout({
    title: 'Helpdesk',
    body: html`${helpdeskHeader(o.staff, o.csrf)}
<section class="hd-home">
<h1>Helpdesk</h1>
<p><a class="hd-button hd-button-primary" href="/helpdesk/tokens/program">Program a token</a></p>
<h2>Programming jobs</h2>
${o.jobs.length === 0
    ? html`<p class="hd-hint">No jobs in the last minutes.</p>`
    : html`<table class="hd-jobs">
<thead><tr><th scope="col">Reader</th><th scope="col">For</th><th scope="col">State</th><th scope="col">By</th></tr></thead>
<tbody>
${o.jobs.map((j) => {
    const s = describeJobState(j.progress, j);
    return html`<tr><td>${j.reader}</td><td>${j.bulk ? 'stock (bulk)' : j.upn ?? 'stock'}</td><td><a href="${jobPath(j.id)}">${s.headline}</a></td><td>${j.startedBy.upn}</td></tr>`;
  })}
</tbody>
</table>`}
</section>`,
  });
}
