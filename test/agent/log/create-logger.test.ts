// SPDX-License-Identifier: UNLICENSED
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../agent/log/create-logger.js';
import { SECRET_KEYS } from '../../../agent/log/redact-paths.js';

function capture(): { stream: Writable; lines: () => Array<Record<string, unknown>>; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({ write(c, _e, cb) { chunks.push(String(c)); cb(); } });
  return {
    stream,
    text: () => chunks.join(''),
    lines: () => chunks.join('').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('createLogger', () => {
  it('writes JSON lines with level label, time and service', () => {
    const out = capture();
    createLogger({ level: 'info', destination: out.stream }).info({ a: 1 }, 'hello');
    const [line] = out.lines();
    expect(line).toMatchObject({ level: 'info', service: 'mfa-appliance', a: 1, msg: 'hello' });
    expect(typeof line?.time).toBe('string');
  });

  it.each(SECRET_KEYS)('never prints the value of %s at depth 0, 1 or 2, nor in child loggers', (key) => {
    const out = capture();
    const log = createLogger({ level: 'trace', destination: out.stream });
    const marker = `S3CR3T-${key}-value`;
    log.info({ [key]: marker }, 'd0');
    log.warn({ outer: { [key]: marker } }, 'd1');
    log.error({ a: { b: { [key]: marker } } }, 'd2');
    log.child({ component: 'x' }).debug({ req: { headers: { [key]: marker } } }, 'child');
    expect(out.text()).not.toContain(marker);
    expect(out.text()).toContain('[redacted]');
    expect(out.lines()).toHaveLength(4);
  });

  it('keeps non-secret neighbours of redacted fields', () => {
    const out = capture();
    createLogger({ level: 'info', destination: out.stream }).info({ user: { upn: 'a@contoso.com', password: 'pw-123456789' } });
    expect(out.lines()[0]?.user).toEqual({ upn: 'a@contoso.com', password: '[redacted]' });
  });

  it('respects the level', () => {
    const out = capture();
    const log = createLogger({ level: 'warn', destination: out.stream });
    log.info({}, 'dropped');
    log.warn({}, 'kept');
    expect(out.lines().map((l) => l.msg)).toEqual(['kept']);
  });
});
