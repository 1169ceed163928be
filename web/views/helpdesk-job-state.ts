// SPDX-License-Identifier: UNLICENSED
import type { JobProgress } from '../../agent/helpdesk/job-progress.js';

/** How the state box looks: a CSS modifier (`hd-tone-…`). */
export type JobTone = 'progress' | 'action' | 'success' | 'error';

/**
 * What the live page shows for a job's progress: built here once and used both by the server-rendered page and,
 * as JSON in every event, by `/static/program-token.js`, so a reload and a live update read the same.
 */
export interface JobStateView {
  phase: JobProgress['phase'];
  tone: JobTone;
  /** The big line: "Waiting for a token on Reader X", "Found miniOTP-2 86596…", "Done". */
  headline: string;
  detail: string;
  /** What to do next; empty when nothing is asked. */
  hint: string;
  /** The code form is shown. */
  askCode: boolean;
  codeDigits: number;
  /** The job is over: no cancel button, the stream ends. */
  terminal: boolean;
  bulk: { programmed: number; failed: number; perMinute: string; failures: { serial: string; message: string; hint: string }[] } | null;
}

export interface JobFacts {
  upn: string | null;
  bulk: boolean;
}

/** Failure headlines by driver code (`reason`) or `MfaError` code; the message and hint come from the event. */
const FAILURE_TITLES: Record<string, string> = {
  ERR_AUTH_FAILED: 'Wrong key',
  ERR_CARD_REMOVED: 'Token removed too early',
  ERR_UNKNOWN_CARD: 'Unknown model',
  ERR_UNKNOWN_MODEL: 'Unknown model',
  ERR_READER_BUSY: 'Reader busy',
  ERR_READER_GONE: 'Reader unplugged',
  ERR_PCSCD_UNAVAILABLE: 'Smart-card service stopped',
  ERR_AUTH_BLOCKED: 'Token locked',
  ERR_AUTH_REQUIRED: 'YubiKey has an OATH password',
  ERR_TIMEOUT: 'Timed out',
  ERR_CANCELED: 'Cancelled',
  ERR_TOKEN_STATE: 'Token already in use',
  ERR_NOT_FOUND: 'Unknown user',
  ERR_INVALID_INPUT: 'Code not accepted',
  ERR_NOT_SUPPORTED: 'Settings not supported by this token',
};

const KINDS: Record<string, string> = { ykoath: 'YubiKey OATH', token2: 'Token2 display token', molto2: 'Token2 Molto2' };

const REJECTED: Record<string, string> = {
  wrong_code: 'That code did not match.',
  replayed: 'That code was already used: wait for the next one.',
  locked: 'The user is locked out of codes.',
  malformed: 'Type only the digits shown on the token.',
};

export function describeJobState(p: JobProgress, job: JobFacts): JobStateView {
  const base = describePhase(p, job);
  const terminal = p.outcome !== null;
  const finalBulk = terminal && p.bulk !== null;
  const view: JobStateView = {
    phase: p.phase, askCode: p.phase === 'enter_code' && !terminal, codeDigits: p.code?.digits ?? 6, terminal, bulk: null, ...base,
  };
  if (p.bulk) {
    view.bulk = {
      programmed: p.bulk.programmed, failed: p.bulk.failed, perMinute: p.bulk.perMinute.toFixed(1),
      failures: p.bulk.failures.map((f) => ({ serial: f.serial ?? 'unknown token', message: f.message, hint: f.hint })),
    };
  }
  if (finalBulk && p.bulk) {
    const n = p.bulk.programmed;
    return {
      ...view, tone: p.outcome === 'failed' ? 'error' : 'success',
      headline: `Bulk run finished: ${n} token${n === 1 ? '' : 's'} programmed`,
      detail: `${p.bulk.failed} failed. Tokens programmed into stock are ready to assign.`,
      hint: p.outcome === 'failed' ? (p.failure?.hint ?? 'The reader went away: check it and start a new run.') : '',
    };
  }
  if (terminal && p.outcome === 'canceled') {
    return { ...view, tone: 'error', headline: 'Cancelled', detail: 'The job was cancelled; the token was not activated.', hint: 'Program it again when ready.' };
  }
  return view;
}

type Described = Pick<JobStateView, 'tone' | 'headline' | 'detail' | 'hint'>;

function describePhase(p: JobProgress, job: JobFacts): Described {
  const t = p.token;
  const name = t ? `${t.model} ${t.serial}`.trim() : 'the token';
  switch (p.phase) {
    case 'starting':
      return { tone: 'progress', headline: 'Starting…', detail: `Reader ${p.reader}.`, hint: '' };
    case 'waiting':
      return {
        tone: 'action', headline: `Waiting for a token on ${p.reader}`,
        detail: job.bulk ? 'Bulk mode: each token goes into stock.' : job.upn ? `It will be assigned to ${job.upn}.` : 'It will go into stock.',
        hint: job.bulk ? 'Tap the next token and hold it still.' : 'Hold the token flat on the reader until this page says Done.',
      };
    case 'detected':
      return { tone: 'progress', headline: `Found ${name}`, detail: t ? `${KINDS[t.kind] ?? t.kind}${t.firmware ? `, firmware ${t.firmware}` : ''}.` : '', hint: 'Keep it on the reader.' };
    case 'press_button':
      return { tone: 'action', headline: 'Press ▲ on the token', detail: p.instruction ?? '', hint: 'Keep it on the reader while you press.' };
    case 'writing':
      return { tone: 'progress', headline: 'Writing…', detail: `Burning a new seed into ${name}.`, hint: 'Keep the token on the reader.' };
    case 'enter_code': {
      const left = p.codeRejected?.attemptsLeft ?? p.code?.attemptsLeft ?? 0;
      const rejected = p.codeRejected ? `${REJECTED[p.codeRejected.reason] ?? 'That code was not accepted.'} ${left} ${left === 1 ? 'try' : 'tries'} left. ` : '';
      return {
        tone: p.codeRejected ? 'error' : 'action', headline: 'Enter the code shown on the token',
        detail: `Press the button on ${name} and type the ${p.code?.digits ?? 6}-digit code it shows.`,
        hint: `${rejected}${p.code?.purpose === 'register' ? 'This code registers the token in Entra.' : 'The token is activated only when its code matches.'}`,
      };
    }
    case 'verifying':
      return { tone: 'progress', headline: 'Checking…', detail: `Proving the new seed of ${name}.`, hint: '' };
    case 'registering':
      return { tone: 'progress', headline: 'Registering in Entra…', detail: `${name} is active; registering it for the user.`, hint: '' };
    case 'remove_token':
      return { tone: 'action', headline: 'Take the token off the reader', detail: 'Then tap the next one.', hint: '' };
    case 'done': {
      const r = p.result;
      const where = r?.userUpn ? `active and assigned to ${r.userUpn}` : 'programmed and in stock';
      const secs = r ? ` in ${(r.durationMs / 1000).toFixed(1)} s` : '';
      return {
        tone: 'success', headline: job.bulk ? `Done: ${name}` : 'Done',
        detail: `${name} is ${where}${secs}.${r?.entra && !r.entra.registered ? ` Entra registration failed: ${r.entra.message}` : ''}`,
        hint: job.bulk ? 'Take it off and tap the next token.' : 'Take the token off the reader and hand it over.',
      };
    }
    case 'failed': {
      const f = p.failure;
      const title = f ? (FAILURE_TITLES[f.reason ?? ''] ?? FAILURE_TITLES[f.code] ?? 'Programming failed') : 'Programming failed';
      return { tone: 'error', headline: title, detail: f?.message ?? '', hint: f?.hint ?? '' };
    }
  }
}
