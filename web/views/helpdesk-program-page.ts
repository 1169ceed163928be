// SPDX-License-Identifier: UNLICENSED
import type { ReaderChoice } from '../../agent/helpdesk/create-program-console.js';
import type { StaffIdentity } from '../../agent/helpdesk/helpdesk-access.js';
import { helpdeskHeader } from './helpdesk-header.js';
import { jobPath } from './helpdesk-job-page.js';
import { html, type SafeHtml } from './html.js';
import { pageLayout } from './page-layout.js';

/** What the person typed, echoed back when the form is refused. */
export interface ProgramFormValues {
  reader: string;
  target: 'user' | 'stock';
  upn: string;
  bulk: boolean;
  reprogram: boolean;
  algorithm: '' | 'SHA1' | 'SHA256';
}

export const EMPTY_PROGRAM_FORM: ProgramFormValues = { reader: '', target: 'user', upn: '', bulk: false, reprogram: false, algorithm: '' };

export interface ProgramPageOptions {
  staff: StaffIdentity;
  csrf: string;
  readers: readonly ReaderChoice[];
  values: ProgramFormValues;
  /** Why the last submission was refused, with the field it concerns. */
  error?: { field: 'reader' | 'upn' | 'bulk' | 'form'; message: string };
}

/** `GET /helpdesk/tokens/program`: pick a reader, then a user (UPN) or stock, optionally bulk. Works without script. */
export function helpdeskProgramPage(o: ProgramPageOptions): SafeHtml {
  const v = o.values;
  const err = (field: string): SafeHtml | null => (o.error?.field === field ? html`<p class="hd-field-error" id="${field}-error">${o.error.message}</p>` : null);
  const described = (field: string): SafeHtml | null => (o.error?.field === field ? html` aria-describedby="${field}-error" aria-invalid="true"` : null);
  const free = o.readers.find((r) => r.runningJobId === null)?.name;
  const selected = v.reader || free || '';
  return pageLayout({
    title: 'Program tokens · Helpdesk',
    body: html`${helpdeskHeader(o.staff, o.csrf)}
<section class="hd-program">
<h1>Program a token</h1>
${err('form')}
${o.readers.length === 0
    ? (o.error?.field === 'form' ? null : html`<p class="hd-notice">No reader is connected. Plug one in, then <a href="/helpdesk/tokens/program">reload this page</a>.</p>`)
    : html`<form class="hd-form" method="post" action="/helpdesk/tokens/program">
<input type="hidden" name="csrf" value="${o.csrf}">
<fieldset>
<legend>Reader</legend>
${o.readers.map((r) => html`<label class="hd-choice"><input type="radio" name="reader" value="${r.name}"${r.name === selected ? html` checked` : null}${described('reader')}> ${r.name}${r.hasCard ? html` <span class="hd-tag">token on it</span>` : null}${r.runningJobId
      ? html` <span class="hd-tag hd-tag-busy">busy</span> <a href="${jobPath(r.runningJobId)}">see its job</a>` : null}</label>`)}
${err('reader')}
</fieldset>
<fieldset>
<legend>Assign to</legend>
<label class="hd-choice"><input type="radio" name="target" value="user"${v.target === 'user' ? html` checked` : null}> A user</label>
<label class="hd-field" for="upn">User name (UPN)</label>
<input class="hd-input" id="upn" name="upn" type="email" autocomplete="off" spellcheck="false" value="${v.upn}" placeholder="someone@example.com"${described('upn')}>
${err('upn')}
<label class="hd-choice"><input type="radio" name="target" value="stock"${v.target === 'stock' ? html` checked` : null}> Stock (assign later)</label>
<label class="hd-choice"><input type="checkbox" name="bulk" value="1"${v.bulk ? html` checked` : null}${described('bulk')}> Bulk: program a stack into stock, one tap after another</label>
${err('bulk')}
</fieldset>
<details class="hd-more"${v.reprogram || v.algorithm ? html` open` : null}>
<summary>More options</summary>
<label class="hd-field" for="algorithm">Hash</label>
<select class="hd-input" id="algorithm" name="algorithm">
<option value=""${v.algorithm === '' ? html` selected` : null}>As policy says</option>
<option value="SHA1"${v.algorithm === 'SHA1' ? html` selected` : null}>SHA-1</option>
<option value="SHA256"${v.algorithm === 'SHA256' ? html` selected` : null}>SHA-256</option>
</select>
<label class="hd-choice"><input type="checkbox" name="reprogram" value="1"${v.reprogram ? html` checked` : null}> Reprogram a token that is already in use (its old seed is destroyed)</label>
</details>
<p><button type="submit" class="hd-button hd-button-primary">Start</button></p>
</form>`}
</section>`,
  });
}
