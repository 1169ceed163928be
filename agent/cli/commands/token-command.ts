// SPDX-License-Identifier: UNLICENSED
import { closeSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import type { Command } from 'commander';
import { MfaError } from '../../errors.js';
import type { VerifyResult } from '../../otp/create-otp-verifier.js';
import { TOKEN_STATES, type TokenState } from '../../store/store.js';
import type { ImportFormat } from '../../tokens/import-tokens.js';
import type { TokenAction } from '../../tokens/token-directory.js';
import type { TokenView } from '../../tokens/token-view.js';
import type { CliContext, GlobalOptions } from '../cli-context.js';
import { withServices } from '../load-runtime.js';
import { formatFields, formatTable, formatTime, printResult } from '../output.js';
import { readStdinSecret } from '../read-secret-input.js';
import { readSeedFile } from './read-seed-file.js';
import { registerTokenProgramCommand } from './token-program-command.js';

type Globals = () => GlobalOptions;

const IMPORT_FORMATS: readonly ImportFormat[] = ['pskc', 'entra-csv', 'oath-csv'];

/**
 * `token list|show|import|program|verify|resync|assign|revoke|suspend|reinstate|lost|unassign|enrol|activate|export`.
 * A rejected code exits 1 with the reason; `--json` prints `{ ok, reason }` as the verify API does.
 */
export function registerTokenCommand(program: Command, ctx: CliContext, globals: Globals): void {
  const token = program.command('token').description('manage OATH tokens (hardware and authenticator apps)');

  token.command('list').description('list tokens')
    .option('--user <upn>', 'tokens of one user')
    .option('--state <state>', `one state: ${TOKEN_STATES.join(', ')}`, (v) => oneOf(v, TOKEN_STATES, '--state'))
    .action(async (o: { user?: string; state?: TokenState }) => {
      await withServices(ctx, globals(), async (s) => {
        const list = await s.tokens.list({ ...(o.user ? { upn: o.user } : {}), ...(o.state ? { state: o.state } : {}) });
        printResult(ctx, globals().json, list, () => formatTable(
          ['SERIAL', 'KIND', 'MODEL', 'ALG', 'STATE', 'USER', 'LAST USED'],
          list.map((t) => [t.serial, t.kind, t.model || '-', `${t.algorithm}/${t.digits}/${t.period}s`, t.state, t.upn ?? '-', formatTime(t.lastUsedAt)]),
        ));
      });
    });

  token.command('show <serial>').description('show one token (never its seed)').action(async (serial: string) => {
    await withServices(ctx, globals(), async (s) => {
      const t = await s.tokens.show(serial);
      printResult(ctx, globals().json, t, () => showToken(t));
    });
  });

  token.command('import <file>')
    .description('import seeds from PSKC (RFC 6030), the Entra OATH CSV or an OATH CSV, all or nothing')
    .option('--format <format>', `${IMPORT_FORMATS.join(' | ')} (default: detected from the content)`, (v) => oneOf(v, IMPORT_FORMATS, '--format'))
    .option('--key-file <file>', 'PSKC pre-shared transport key (hex, or 16/24/32 raw bytes)')
    .option('--password-stdin', 'read the PSKC password (PBKDF2) from standard input')
    .option('--no-assign', 'put every token in stock, ignoring UPNs in the file')
    .option('--allow-mac-mismatch', 'import PSKC values whose MAC does not verify (not recommended)')
    .option('--allow-short-secrets', 'accept secrets shorter than 128 bits (RFC 4226 forbids them)')
    .action(async (file: string, o: { format?: ImportFormat; keyFile?: string; passwordStdin?: boolean; assign: boolean; allowMacMismatch?: boolean; allowShortSecrets?: boolean }) => {
      const password = o.passwordStdin ? await readStdinSecret(ctx) : undefined;
      const preSharedKey = o.keyFile ? readKeyFile(o.keyFile) : undefined;
      const parsed = readSeedFile(file, {
        ...(o.format ? { format: o.format } : {}), ...(preSharedKey ? { preSharedKey } : {}), ...(password !== undefined ? { password } : {}),
        ...(o.allowMacMismatch ? { allowMacMismatch: true } : {}), ...(o.allowShortSecrets ? { allowShortSecrets: true } : {}),
      });
      preSharedKey?.fill(0);
      await withServices(ctx, globals(), async (s, actor) => {
        const imported = await s.tokens.import({ ...parsed, assign: o.assign }, actor);
        printResult(ctx, globals().json, imported, () =>
          `imported ${imported.length} token(s) from ${parsed.origin} (${parsed.format}); ${imported.filter((t) => t.upn).length} assigned`);
      });
    });

  registerTokenProgramCommand(token, ctx, globals);

  token.command('verify <serial> <code>').description('check a code against one active token (spends it)')
    .action(async (serial: string, code: string) => {
      await withServices(ctx, globals(), async (s, actor) => verdict(ctx, globals, await s.tokens.verify(serial, code, actor)));
    });

  token.command('resync <serial> <code1> <code2>').description('resynchronise a drifted token with two consecutive codes')
    .action(async (serial: string, code1: string, code2: string) => {
      await withServices(ctx, globals(), async (s, actor) => {
        const r = await s.tokens.resync(serial, code1, code2, actor);
        printResult(ctx, globals().json, r, () => (r.ok ? `resynchronised ${serial}: drift ${r.drift} step(s)` : `not resynchronised: ${r.reason}`));
        if (!r.ok) process.exitCode = 1;
      });
    });

  token.command('assign <serial>').description('assign a token in stock to a user and activate it')
    .requiredOption('--user <upn>', 'the user')
    .action(async (serial: string, o: { user: string }) => {
      await withServices(ctx, globals(), async (s, actor) => {
        const t = await s.tokens.assign(serial, o.user, actor);
        printResult(ctx, globals().json, t, () => `assigned ${t.serial} to ${t.upn ?? o.user}: ${t.state}`);
      });
    });

  const actions: Array<[TokenAction, string]> = [
    ['revoke', 'revoke a token for good (its seed is destroyed)'], ['suspend', 'suspend an active token'],
    ['reinstate', 'reactivate a suspended or lost token'], ['lost', 'mark a token lost'], ['unassign', 'take a token from its user back to stock'],
  ];
  for (const [action, description] of actions) {
    token.command(`${action} <serial>`).description(description)
      .option('--reason <text>', 'why (recorded in the audit log)', '')
      .action(async (serial: string, o: { reason: string }) => {
        await withServices(ctx, globals(), async (s, actor) => {
          const t = await s.tokens.change(serial, action, o.reason, actor);
          printResult(ctx, globals().json, t, () => `${t.serial}: ${t.state}`);
        });
      });
  }

  token.command('enrol').description('enrol an authenticator app for a user; prints the otpauth URI once')
    .requiredOption('--user <upn>', 'the user')
    .option('--qr-png <file>', 'write the QR code as PNG (mode 0600)')
    .option('--qr-svg <file>', 'write the QR code as SVG (mode 0600)')
    .action(async (o: { user: string; qrPng?: string; qrSvg?: string }) => {
      await withServices(ctx, globals(), async (s, actor) => {
        const e = await s.tokens.enrolSoftToken(o.user, actor);
        if (o.qrPng) writeFileSync(o.qrPng, e.qrPng, { mode: 0o600 });
        if (o.qrSvg) writeFileSync(o.qrSvg, e.qrSvg, { mode: 0o600 });
        printResult(ctx, globals().json, { token: e.token, uri: e.uri }, () =>
          `enrolled ${e.token.serial} for ${o.user} (pending until the first code: mfa-appliance token activate ${e.token.serial} <code>)\n${e.uri}`);
      });
    });

  token.command('activate <serial> <code>').description('activate a pending authenticator app with its first code')
    .action(async (serial: string, code: string) => {
      await withServices(ctx, globals(), async (s, actor) => verdict(ctx, globals, await s.tokens.confirmEnrolment(serial, code, actor)));
    });

  token.command('export').description('write seeds for Entra (OATH CSV upload or Graph JSON); admin only, audited')
    .requiredOption('--format <format>', 'entra-csv | graph-json', (v) => oneOf(v, ['entra-csv', 'graph-json'] as const, '--format'))
    .requiredOption('--out <file>', 'output file (created with mode 0600, never overwritten)')
    .option('--serial <serial...>', 'tokens to export (default: all)')
    .option('--i-understand-this-exports-seeds', 'required: the file holds every exported token\'s secret in the clear')
    .action(async (o: { format: 'entra-csv' | 'graph-json'; out: string; serial?: string[]; iUnderstandThisExportsSeeds?: boolean }) => {
      if (!o.iUnderstandThisExportsSeeds) {
        throw new MfaError('ERR_CONFIRMATION_REQUIRED', 'exporting writes token secrets in the clear: add --i-understand-this-exports-seeds');
      }
      // Created first (never overwritten), so the export is recorded only when its file can be written.
      let fd: number;
      try {
        fd = openSync(o.out, 'wx', 0o600);
      } catch (err) {
        throw new MfaError('ERR_REFUSE_OVERWRITE', `cannot create ${o.out}: ${(err as Error).message}`, { cause: err, data: { file: o.out } });
      }
      try {
        await withServices(ctx, globals(), async (s, actor) => {
          writeSync(fd, await s.tokens.export(o.serial ?? 'all', o.format, o.out, actor));
        });
      } catch (err) {
        closeSync(fd);
        rmSync(o.out, { force: true });
        throw err;
      }
      closeSync(fd);
      printResult(ctx, globals().json, { file: o.out, format: o.format }, () => `wrote ${o.out} (${o.format}); delete it once uploaded`);
    });
}

function verdict(ctx: CliContext, globals: Globals, r: VerifyResult): void {
  printResult(ctx, globals().json, { ok: r.ok, reason: r.reason, ...(r.serial ? { serial: r.serial } : {}) }, () => (r.ok ? `ok (${r.serial ?? ''})` : `rejected: ${r.reason}`));
  if (!r.ok) process.exitCode = 1;
}

function readKeyFile(file: string): Buffer {
  const raw = readFileSync(file);
  const text = raw.toString('latin1').trim();
  if (/^(?:[0-9a-fA-F]{2}){16,32}$/.test(text)) return Buffer.from(text, 'hex');
  if ([16, 24, 32].includes(raw.length)) return raw;
  throw new MfaError('ERR_INVALID_INPUT', `${file}: expected a hex key or 16, 24 or 32 raw bytes`, { data: { file } });
}

function oneOf<T extends string>(v: string, allowed: readonly T[], flag: string): T {
  if (!(allowed as readonly string[]).includes(v)) throw new MfaError('ERR_INVALID_INPUT', `${flag} must be one of ${allowed.join(', ')}`, { data: { flag } });
  return v as T;
}

function showToken(t: TokenView): string {
  return formatFields([
    ['Serial', t.serial], ['Kind', t.kind], ['Manufacturer', t.manufacturer || '-'], ['Model', t.model || '-'],
    ['Parameters', `${t.algorithm}, ${t.digits} digits, ${t.kind === 'hardware_hotp' ? 'counter' : `${t.period} s`}`],
    ['State', t.state], ['User', t.upn ?? '-'], ['Seed', t.hasSeed ? 'sealed' : 'none'],
    ['Drift', `${t.drift} step(s)`], ['Last used', formatTime(t.lastUsedAt)], ['Created', formatTime(t.createdAt)],
  ]);
}
