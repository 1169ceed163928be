// SPDX-License-Identifier: UNLICENSED
import type { ConsoleJobView } from '../../agent/helpdesk/create-program-console.js';
import type { StaffIdentity } from '../../agent/helpdesk/helpdesk-access.js';
import { helpdeskHeader } from './helpdesk-header.js';
import { describeJobState, type JobStateView } from './helpdesk-job-state.js';
import { html, type SafeHtml } from './html.js';
import { pageLayout } from './page-layout.js';

export interface JobPageOptions {
  staff: StaffIdentity;
  csrf: string;
  job: ConsoleJobView;
  /** The viewer may enter the code and cancel (`canControlJob`). */
  canControl: boolean;
  /** A message about the last form sent from this page (a malformed code). */
  notice?: string;
}

/** `/helpdesk/tokens/program/jobs/:id` base path of a job. */
export function jobPath(id: string): string {
  return `/helpdesk/tokens/program/jobs/${encodeURIComponent(id)}`;
}

/**
 * The live page of one job. Rendered from the registry, so a reload shows the current state without script;
 * `/static/program-token.js` then follows `data-events` (from `data-last-seq`, unless `data-terminal`) and rewrites
 * the marked elements.
 * Every part the script may show is present here, hidden when not in use; the script only sets text (`textContent`).
 */
export function helpdeskJobPage(o: JobPageOptions): SafeHtml {
  const { job } = o;
  const s = describeJobState(job.progress, job);
  const path = jobPath(job.id);
  const target = job.bulk ? 'stock (bulk)' : job.upn ?? 'stock';
  return pageLayout({
    title: `${s.headline} · Program tokens`,
    scripts: ['program-token.js'],
    body: html`${helpdeskHeader(o.staff, o.csrf)}
<section class="hd-job" id="job" data-events="${path}/events" data-last-seq="${job.lastSeq}" data-terminal="${s.terminal ? 'true' : 'false'}">
<p class="hd-job-meta">Reader <strong>${job.reader}</strong> · for <strong>${target}</strong> · started by ${job.startedBy.upn}</p>
<div class="hd-state hd-tone-${s.tone}" id="job-state" data-phase="${s.phase}" role="status" aria-live="polite">
<h1 class="hd-state-headline" id="job-headline">${s.headline}</h1>
<p class="hd-state-detail" id="job-detail">${s.detail}</p>
<p class="hd-state-hint" id="job-hint">${s.hint}</p>
</div>
${o.notice ? html`<p class="hd-notice" id="job-notice">${o.notice}</p>` : null}
${codeForm(o, s, path)}
${bulkPanel(s)}
${o.canControl
    ? html`<form class="hd-cancel" id="cancel-form" method="post" action="${path}/cancel"${s.terminal ? html` hidden` : null}>
<input type="hidden" name="csrf" value="${o.csrf}">
<button type="submit" class="hd-button hd-button-danger">${job.bulk ? 'Stop the run' : 'Cancel'}</button>
</form>`
    : null}
<p class="hd-next" id="job-next"${s.terminal ? null : html` hidden`}><a class="hd-button" href="/helpdesk/tokens/program">Program another token</a></p>
<p class="hd-live-lost" id="job-offline" hidden>Live updates stopped. <a href="${path}">Reload this page</a> to see the latest state.</p>
<noscript><p class="hd-hint"><a href="${path}">Reload this page</a> to see the latest state.</p></noscript>
</section>`,
  });
}

function codeForm(o: JobPageOptions, s: JobStateView, path: string): SafeHtml | null {
  if (!o.canControl) return null;
  return html`<form class="hd-code-form" id="code-form" method="post" action="${path}/code"${s.askCode ? null : html` hidden`}>
<input type="hidden" name="csrf" value="${o.csrf}">
<label for="code">Code shown on the token</label>
<input class="hd-code-input" id="code" name="code" type="text" autocomplete="one-time-code" inputmode="numeric" pattern="[0-9]{6,8}" minlength="6" maxlength="8" required${s.askCode ? html` autofocus` : null}>
<button type="submit" class="hd-button">Check code</button>
</form>`;
}

function bulkPanel(s: JobStateView): SafeHtml | null {
  if (!s.bulk) return null;
  const b = s.bulk;
  return html`<section class="hd-bulk" id="bulk">
<dl class="hd-bulk-stats">
<div><dt>Programmed</dt><dd id="bulk-programmed">${b.programmed}</dd></div>
<div><dt>Failed</dt><dd id="bulk-failed">${b.failed}</dd></div>
<div><dt>Per minute</dt><dd id="bulk-rate">${b.perMinute}</dd></div>
</dl>
<ul class="hd-bulk-failures" id="bulk-failures">${b.failures.map((f) => html`<li><strong>${f.serial}</strong>: ${f.message} <span class="hd-hint">${f.hint}</span></li>`)}</ul>
</section>`;
}
