// SPDX-License-Identifier: UNLICENSED
import { describe, expect, it } from 'vitest';
import type { ConsoleEventBody } from '../../../agent/helpdesk/console-event.js';
import { applyEvent, initialProgress, type JobProgress } from '../../../agent/helpdesk/job-progress.js';
import { describeJobState } from '../../../web/views/helpdesk-job-state.js';

const R = 'Reader 1';
const base = { jobId: 'j', at: 0 };
const fold = (bodies: ConsoleEventBody[], bulk = false): JobProgress => bodies.reduce(applyEvent, initialProgress(R, bulk));
const failed = (code: string, reason?: string): ConsoleEventBody => ({
  type: 'failed', ...base, serial: null, step: 'wait', code, message: 'm', hint: 'h', ...(reason ? { reason } : {}),
});

describe('describeJobState', () => {
  it.each([
    ['ERR_DEVICE', 'ERR_AUTH_FAILED', 'Wrong key'],
    ['ERR_DEVICE', 'ERR_CARD_REMOVED', 'Token removed too early'],
    ['ERR_DEVICE', 'ERR_UNKNOWN_CARD', 'Unknown model'],
    ['ERR_DEVICE', 'ERR_UNKNOWN_MODEL', 'Unknown model'],
    ['ERR_READER_BUSY', 'ERR_READER_BUSY', 'Reader busy'],
    ['ERR_READER_BUSY', undefined, 'Reader busy'],
    ['ERR_TOKEN_STATE', 'ERR_TOKEN_STATE', 'Token already in use'],
    ['ERR_DEVICE', undefined, 'Programming failed'],
  ])('names a failure %s (reason %s) "%s", with the event\'s message and hint', (code, reason, title) => {
    expect(describeJobState(fold([failed(code, reason)]), { upn: null, bulk: false })).toMatchObject({
      phase: 'failed', tone: 'error', headline: title, detail: 'm', hint: 'h', terminal: false, askCode: false,
    });
  });

  it('asks for the code with the tries left after a refused one, and hides the form once the job ended', () => {
    const asking = fold([
      { type: 'waiting', ...base, reader: R },
      { type: 'detected', ...base, reader: R, kind: 'token2', model: 'C302-i', serial: '123', firmware: null },
      { type: 'enter_code', ...base, serial: '123', digits: 6, attemptsLeft: 3, purpose: 'prove' },
      { type: 'verifying', ...base, serial: '123' },
      { type: 'code_rejected', at: 0, reason: 'wrong_code', attemptsLeft: 2 },
      { type: 'enter_code', ...base, serial: '123', digits: 6, attemptsLeft: 2, purpose: 'prove' },
    ]);
    expect(describeJobState(asking, { upn: 'a@b.c', bulk: false })).toMatchObject({
      phase: 'enter_code', tone: 'error', askCode: true, codeDigits: 6, headline: 'Enter the code shown on the token',
      detail: 'Press the button on C302-i 123 and type the 6-digit code it shows.', hint: expect.stringMatching(/^That code did not match\. 2 tries left\. /),
    });
    const over = applyEvent(asking, { type: 'finished', at: 0, outcome: 'canceled', programmed: 0, failed: 1 });
    expect(describeJobState(over, { upn: 'a@b.c', bulk: false })).toMatchObject({ askCode: false, terminal: true, headline: 'Cancelled' });
  });

  it('sums up a bulk run with its counts and failures', () => {
    const p = fold([
      { type: 'progress', ...base, programmed: 3, failed: 1, ratePerMinute: 7.25, elapsedMs: 1 },
      { type: 'bulk_done', ...base, programmed: 3, failures: [{ index: 1, serial: '9', code: 'ERR_DEVICE', message: 'x', hint: 'y' }], durationMs: 1, ratePerMinute: 7.25, stoppedBy: 'abort' },
      { type: 'finished', at: 0, outcome: 'done', programmed: 3, failed: 1 },
    ], true);
    expect(describeJobState(p, { upn: null, bulk: true })).toMatchObject({
      terminal: true, tone: 'success', headline: 'Bulk run finished: 3 tokens programmed',
      bulk: { programmed: 3, failed: 1, perMinute: '7.3', failures: [{ serial: '9', message: 'x', hint: 'y' }] },
    });
  });
});
