// SPDX-License-Identifier: UNLICENSED
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig, parseListen } from '../../config/index.js';
import { MfaError } from '../../errors.js';
import { createRuntime, openServices } from '../../main.js';
import { createSystemClock, type Clock } from '../../ports/clock.js';
import { createSystemRandom, type Random } from '../../ports/random.js';
import { ensureTlsFiles } from '../../tls/ensure-tls-files.js';
import { generateMasterKeyLine } from '../../vault/master-key-file.js';
import type { CliContext, GlobalOptions } from '../cli-context.js';
import { cliActor } from '../load-runtime.js';
import { printResult } from '../output.js';
import { createLogger } from '../../log/create-logger.js';
import type { Writable } from 'node:stream';

interface InitOptions {
  dir: string;
  publicUrl?: string;
  listen?: string;
  demo?: boolean;
}

/**
 * `init --dir DIR`: writes DIR/config.yaml, DIR/master-key (0600), DIR/tls/{cert,key}.pem and creates
 * the database under DIR/data. Refuses to overwrite anything: every target is checked before the first
 * write. `serve --config DIR/config.yaml` then runs with no edits.
 */
export function registerInitCommand(program: Command, ctx: CliContext, globals: () => GlobalOptions): void {
  program.command('init')
    .description('write a starter configuration, master key and TLS certificate into a directory')
    .requiredOption('--dir <dir>', 'target directory (created if missing)')
    .option('--public-url <url>', 'external https URL of this appliance')
    .option('--listen <host:port>', 'listen address (default 0.0.0.0:8443; 127.0.0.1:8443 with --demo)')
    .option('--demo', 'mark the key and configuration as a demo installation')
    .action(async (o: InitOptions) => {
      const dir = resolve(ctx.cwd, o.dir);
      const listen = o.listen ?? (o.demo ? '127.0.0.1:8443' : '0.0.0.0:8443');
      const parsed = parseListen(listen);
      if (!parsed) throw new MfaError('ERR_INVALID_INPUT', `--listen must be host:port, got ${JSON.stringify(listen)}`);
      const publicUrl = o.publicUrl ?? `https://${o.demo ? 'localhost' : hostname()}:${parsed.port}`;
      if (!/^https:\/\/[^/]+/.test(publicUrl)) throw new MfaError('ERR_INVALID_INPUT', `--public-url must be an https:// URL, got ${JSON.stringify(publicUrl)}`);
      const paths = {
        config: join(dir, 'config.yaml'), masterKey: join(dir, 'master-key'), cert: join(dir, 'tls', 'cert.pem'),
        key: join(dir, 'tls', 'key.pem'), data: join(dir, 'data'),
      };
      const taken = Object.values(paths).filter((p) => existsSync(p));
      if (taken.length > 0) {
        throw new MfaError('ERR_REFUSE_OVERWRITE', `refusing to overwrite existing ${taken.join(', ')}; choose another --dir or move them away`, { data: { files: taken } });
      }
      const host = new URL(publicUrl).hostname.replace(/^\[|\]$/g, '');
      const clock = ctx.clock ?? createSystemClock();
      const random = ctx.random ?? createSystemRandom();
      /** What this run created, removed again (newest first) when a later step fails. */
      const created: string[] = [];
      try {
        if (!existsSync(dir)) {
          mkdirSync(dir, { recursive: true, mode: 0o750 });
          created.push(dir);
        }
        mkdirSync(paths.data, { mode: 0o700 });
        created.push(paths.data);
        const kid = o.demo ? `demo-${random.bytes(4).toString('hex')}` : undefined;
        writeFileSync(paths.masterKey, `${generateMasterKeyLine(random, kid)}\n`, { mode: 0o600, flag: 'wx' });
        created.push(paths.masterKey);
        if (!existsSync(dirname(paths.cert))) created.push(dirname(paths.cert));
        else created.push(paths.cert, paths.key);
        await ensureTlsFiles({ certFile: paths.cert, keyFile: paths.key, publicHost: host, clock, random });
        writeFileSync(paths.config, starterConfig({ listen, publicUrl, demo: o.demo ?? false, at: clock.now() }), { mode: 0o640, flag: 'wx' });
        created.push(paths.config);
        await initialiseStore(ctx, paths.config, dir, { demo: o.demo ?? false, publicUrl, listen }, clock, random);
      } catch (err) {
        for (const p of created.reverse()) rmSync(p, { recursive: true, force: true });
        throw err;
      }
      printResult(ctx, globals().json, { dir, ...paths, publicUrl, listen, demo: o.demo ?? false }, () => [
        `initialised ${dir}`,
        `  config:      ${paths.config}`,
        `  master key:  ${paths.masterKey}  (mode 0600; keep an offline copy: without it no seed can be recovered)`,
        `  TLS:         ${paths.cert} (self-signed for ${host})`,
        `  database:    ${join(paths.data, 'mfa-appliance.db')}`,
        `next: mfa-appliance serve --config ${paths.config}`,
      ].join('\n'));
    });
}

/** Creates the database (migrations) and records `init.completed` as its first audit record. */
async function initialiseStore(ctx: CliContext, configFile: string, dir: string, details: Record<string, unknown>, clock: Clock, random: Random): Promise<void> {
  const config = loadConfig({ file: configFile, env: {}, cwd: ctx.cwd });
  const logger = ctx.logger ?? createLogger({ level: 'warn', destination: ctx.stderr as Writable });
  const services = await openServices(createRuntime(config, ctx.env, { logger, clock, random }));
  try {
    const actor = cliActor(ctx);
    await services.audit.record({ event: 'init.completed', actor: actor.id, source: actor.source, outcome: 'success', subject: dir, details });
  } finally {
    await services.close();
  }
}

function starterConfig(v: { listen: string; publicUrl: string; demo: boolean; at: number }): string {
  const q = (s: string): string => JSON.stringify(s);
  return [
    `# mfa-appliance configuration, written by \`mfa-appliance init\` at ${new Date(v.at).toISOString()}.`,
    '# Every key, its default and its environment variable: docs/config.md.',
    '# Relative paths are relative to this file.',
    'dataDir: ./data',
    'server:',
    `  listen: ${q(v.listen)}`,
    `  publicUrl: ${q(v.publicUrl)}`,
    '  tls:',
    '    certFile: ./tls/cert.pem',
    '    keyFile: ./tls/key.pem',
    '  # Reverse proxies whose X-Forwarded-For is honoured, e.g. ["10.0.0.5"]',
    '  trustedProxies: []',
    'vault:',
    '  # Under systemd prefer LoadCredential=master-key:… and remove this line.',
    '  masterKeyFile: ./master-key',
    'log:',
    '  level: info',
    ...(v.demo ? ['# Demo installation: demo key and users. Never use in production.', 'demo: true'] : []),
    '',
  ].join('\n');
}
