// SPDX-License-Identifier: UNLICENSED
/**
 * Styles of the helpdesk console (`hd-` classes of web/views/helpdesk-*.ts), to append to `/static/app.css`
 * (`APP_CSS`, whose element rules for `label`, `input` and `button` these override inside the console). The state
 * box is large and coloured by tone so the person at the reader reads it from a step away.
 */
export const HELPDESK_CSS = `
main.card:has(> .hd-header) { max-width: 56rem; }
.hd-header [hidden], .hd-job [hidden], .hd-form [hidden] { display: none !important; }
.hd-header { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.75rem; padding-bottom: 0.75rem; margin-bottom: 1.25rem; border-bottom: 1px solid #d0d5dd; }
.hd-nav { display: flex; gap: 1rem; align-items: baseline; }
.hd-nav a { color: #1d4ed8; text-decoration: none; }
.hd-nav a:hover, .hd-nav a:focus { text-decoration: underline; }
.hd-brand { font-weight: 700; color: #111827; }
.hd-signout { display: flex; margin: 0; align-items: center; gap: 0.5rem; margin: 0; }
.hd-who { font-size: 0.9rem; color: #374151; }
.hd-role { display: inline-block; padding: 0 0.4rem; border-radius: 0.25rem; background: #eef2ff; color: #3730a3; font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.03em; }

.hd-button { display: inline-block; min-width: 0; padding: 0.55rem 1.1rem; border: 1px solid #1d4ed8; border-radius: 0.375rem; background: #1d4ed8; color: #fff; font: inherit; font-weight: 600; text-decoration: none; cursor: pointer; }
.hd-button:hover, .hd-button:focus { background: #1e40af; }
.hd-button:disabled { opacity: 0.6; cursor: progress; }
.hd-button-primary { font-size: 1.05rem; }
.hd-button-secondary { background: #fff; color: #1d4ed8; }
.hd-button-secondary:hover, .hd-button-secondary:focus { background: #eff6ff; }
.hd-button-danger { background: #fff; color: #b91c1c; border-color: #b91c1c; }
.hd-button-danger:hover, .hd-button-danger:focus { background: #fef2f2; }

.hd-form fieldset { border: 1px solid #d0d5dd; border-radius: 0.5rem; padding: 0.75rem 1rem 1rem; margin: 0 0 1rem; }
.hd-form legend { font-weight: 600; padding: 0 0.25rem; }
.hd-form .hd-choice { display: block; margin: 0.4rem 0; font-weight: 400; }
.hd-form .hd-choice input { margin-right: 0.35rem; }
.hd-field { display: block; margin: 0.6rem 0 0.25rem; font-weight: 600; }
.hd-form .hd-input { display: block; width: 100%; max-width: 28rem; margin: 0 0 0.5rem; box-sizing: border-box; padding: 0.5rem 0.6rem; border: 1px solid #9ca3af; border-radius: 0.375rem; font: inherit; }
.hd-form .hd-input[aria-invalid="true"] { border-color: #b91c1c; }
.hd-field-error { color: #b91c1c; font-weight: 600; margin: 0.35rem 0; }
.hd-tag { display: inline-block; padding: 0 0.4rem; border-radius: 0.25rem; background: #ecfdf5; color: #065f46; font-size: 0.8rem; }
.hd-tag-busy { background: #fff7ed; color: #9a3412; }
.hd-more { margin: 0 0 1rem; }
.hd-more summary { cursor: pointer; color: #1d4ed8; }

.hd-job-meta { color: #4b5563; margin: 0 0 0.75rem; }
.hd-state { border-radius: 0.75rem; padding: 1.5rem 1.5rem 1.25rem; margin: 0 0 1.25rem; border: 2px solid transparent; }
.hd-state-headline { font-size: 2rem; line-height: 1.2; margin: 0 0 0.5rem; overflow-wrap: anywhere; }
.hd-state-detail { font-size: 1.15rem; margin: 0 0 0.5rem; }
.hd-state-hint { font-size: 1.05rem; margin: 0; font-weight: 600; }
.hd-state-hint:empty, .hd-state-detail:empty { display: none; }
.hd-tone-progress { background: #eff6ff; border-color: #bfdbfe; color: #1e3a8a; }
.hd-tone-action { background: #fffbeb; border-color: #fcd34d; color: #78350f; }
.hd-tone-success { background: #ecfdf5; border-color: #6ee7b7; color: #064e3b; }
.hd-tone-error { background: #fef2f2; border-color: #fca5a5; color: #7f1d1d; }
.hd-tone-progress .hd-state-headline::after { content: ""; display: inline-block; width: 0.6em; height: 0.6em; margin-left: 0.5em; border: 0.15em solid currentColor; border-right-color: transparent; border-radius: 50%; vertical-align: middle; animation: hd-spin 0.9s linear infinite; }
@keyframes hd-spin { to { transform: rotate(360deg); } }
@media (prefers-reduced-motion: reduce) { .hd-tone-progress .hd-state-headline::after { animation: none; } }

.hd-code-form { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 0.75rem; margin: 0 0 1.25rem; }
.hd-code-form label { margin: 0; flex-basis: 100%; font-weight: 600; font-size: 1.1rem; }
.hd-code-form .hd-code-input { display: inline-block; margin: 0; font-size: 2rem; letter-spacing: 0.3em; width: 9em; padding: 0.35rem 0.5rem; border: 2px solid #9ca3af; border-radius: 0.5rem; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.hd-code-form .hd-code-input:focus { border-color: #1d4ed8; outline: 2px solid #bfdbfe; }
.hd-cancel { margin: 0 0 1rem; }
.hd-next { margin: 0 0 1rem; }
.hd-notice { padding: 0.6rem 0.8rem; border-radius: 0.375rem; background: #fff7ed; color: #9a3412; font-weight: 600; }
.hd-live-lost { color: #9a3412; }
.hd-hint { color: #4b5563; }

.hd-bulk-stats { display: flex; gap: 1.5rem; margin: 0 0 1rem; }
.hd-bulk-stats div { min-width: 6rem; }
.hd-bulk-stats dt { color: #4b5563; font-size: 0.9rem; }
.hd-bulk-stats dd { margin: 0; font-size: 1.75rem; font-weight: 700; }
.hd-bulk-failures { padding-left: 1.25rem; color: #7f1d1d; }

.hd-jobs { border-collapse: collapse; width: 100%; }
.hd-jobs th, .hd-jobs td { text-align: left; padding: 0.4rem 0.6rem; border-bottom: 1px solid #e5e7eb; }
.hd-message h1 { margin-top: 0; }
.hd-links { display: flex; flex-wrap: wrap; gap: 0.5rem; }
`;
