// SPDX-License-Identifier: UNLICENSED
import { MfaError } from '../errors.js';
import type { CliContext } from './cli-context.js';

const MAX_STDIN = 64 * 1024;

/**
 * Reads a password from standard input (`--password-stdin`): all of it, without the final newline;
 * refuses empty input and more than 64 KiB. Passwords never come from argv.
 */
export async function readStdinSecret(ctx: CliContext): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.stdin as AsyncIterable<Buffer | string>) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    size += b.length;
    if (size > MAX_STDIN) throw new MfaError('ERR_INVALID_INPUT', 'standard input is larger than 64 KiB');
    chunks.push(b);
  }
  const text = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (text.length === 0) throw new MfaError('ERR_INVALID_INPUT', 'no password on standard input');
  return text;
}

/** Prompts on a terminal with echo off, twice; refuses when standard input is not a terminal. */
export async function promptSecret(ctx: CliContext, label: string): Promise<string> {
  if (!ctx.stdin.isTTY || !ctx.stdin.setRawMode) {
    throw new MfaError('ERR_INVALID_INPUT', 'standard input is not a terminal: pass the password with --password-stdin');
  }
  const first = await promptOnce(ctx, `${label}: `);
  const second = await promptOnce(ctx, `Repeat ${label.toLowerCase()}: `);
  if (first !== second) throw new MfaError('ERR_INVALID_INPUT', 'the two entries differ');
  return first;
}

function promptOnce(ctx: CliContext, prompt: string): Promise<string> {
  ctx.stderr.write(prompt);
  ctx.stdin.setRawMode?.(true);
  ctx.stdin.resume();
  let value = '';
  return new Promise((resolve, reject) => {
    const done = (err?: Error): void => {
      ctx.stdin.removeListener('data', onData);
      ctx.stdin.setRawMode?.(false);
      ctx.stdin.pause();
      ctx.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string): void => {
      for (const ch of String(chunk)) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new MfaError('ERR_INVALID_INPUT', 'cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    ctx.stdin.on('data', onData);
  });
}
