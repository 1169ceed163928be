// SPDX-License-Identifier: UNLICENSED
/**
 * Throughput and p99 of `POST /api/v1/verify` on the real daemon (`mfa-appliance serve`, SQLite, replay
 * guard and audit records persisted), against a bare express JSON handler started by this run.
 * The daemon runs with its default log level (info: one line per audit record, to a discarded stdout).
 * Both servers run as child processes; autocannon (10 connections) drives each in turn, alternating.
 * Every request verifies a *valid* current code of a different user (so each is a success that writes
 * the replay guard, the lockout reset and two audit records), unless the run outlasts the user pool.
 * Usage: npm run build && node dist/bench/verify-api.js [seconds=5] [rounds=3] [users=30000]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { loadConfig } from '../agent/config/index.js';
import { createNullLogger } from '../agent/log/logger.js';
import { createRuntime, openServices } from '../agent/main.js';
import { hotp } from '../agent/otp/hotp.js';

const seconds = Number(process.argv[2] ?? 5);
const rounds = Number(process.argv[3] ?? 3);
const userCount = Number(process.argv[4] ?? 30_000);
const bin = resolve('dist/agent/cli/bin.js');
const actor = { id: 'cli:bench', source: 'cli' };

const freePort = () => new Promise<number>((res) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address() as { port: number };
    s.close(() => res(port));
  });
});

async function untilUp(url: string, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((r) => get(url, (res) => { res.resume(); r(res.statusCode === 200); }).on('error', () => r(false)));
    if (ok) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}


async function prepare(dir: string, port: number): Promise<{ key: string; seeds: Buffer[] }> {
  process.stdout.write(`preparing ${userCount} users with tokens… `);
  const init = spawn(process.execPath, [bin, 'init', '--dir', dir, '--listen', `127.0.0.1:${port}`], { stdio: 'ignore' });
  await new Promise((r) => init.once('exit', r));
  const config = loadConfig({ file: join(dir, 'config.yaml'), env: { MFA_APPLIANCE_SERVER__TLS__ENABLED: 'false' } });
  const s = await openServices(createRuntime(config, {}, { logger: createNullLogger() }));
  const seeds = Array.from({ length: userCount }, (_, i) => Buffer.from(`bench-seed-${String(i).padStart(9, '0')}`));
  for (let i = 0; i < userCount; i++) await s.directory.users.add({ upn: `u${i}@contoso.com`, displayName: `U${i}` }, actor);
  await s.tokens.import({
    tokens: seeds.map((secret, i) => ({ source: { kind: 'csv', line: i + 2 }, serial: `B${i}`, manufacturer: '', model: '', type: 'totp', algorithm: 'SHA1', digits: 6, period: 30, timeDrift: 0, secret: Buffer.from(secret), upn: `u${i}@contoso.com` })),
    format: 'oath-csv', origin: 'bench', assign: true,
  }, actor);
  const { key } = await s.directory.apiClients.add({ name: 'bench' }, actor);
  await s.close();
  process.stdout.write('done\n');
  return { key, seeds };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mfa-bench-verify-'));
  const [appPort, barePort] = [await freePort(), await freePort()];
  const { key, seeds } = await prepare(join(dir, 'a'), appPort);
  // The per-client rate limit is lifted: this measures the work per verification, not the limiter.
  const env = { ...process.env, MFA_APPLIANCE_SERVER__TLS__ENABLED: 'false', MFA_APPLIANCE_API__RATE_LIMIT__BURST: '1000000', MFA_APPLIANCE_API__RATE_LIMIT__PER_SECOND: '1000000' };
  const app = spawn(process.execPath, [...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []), bin, '--config', join(dir, 'a', 'config.yaml'), 'serve'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  const bare = spawn(process.execPath, [resolve('dist/bench/bare-express-server.js'), String(barePort)], { stdio: 'inherit' });
  try {
    await untilUp(`http://127.0.0.1:${appPort}/healthz`, app);
    await untilUp(`http://127.0.0.1:${barePort}/healthz`, bare);
    let next = 0;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
    const run = async (port: number) => {
      const step = Math.floor(Date.now() / 30_000);
      return autocannon({
        url: `http://127.0.0.1:${port}`, connections: 10, duration: seconds,
        requests: [{
          method: 'POST', path: '/api/v1/verify', headers,
          setupRequest: (req) => {
            const i = next++ % userCount;
            return { ...req, body: JSON.stringify({ user: `u${i}@contoso.com`, code: hotp(seeds[i] ?? Buffer.alloc(20), step, 6, 'SHA1') }) };
          },
        }],
      });
    };
    const rows: string[] = [];
    for (let r = 0; r < rounds; r++) {
      const b = await run(barePort);
      const before = next;
      const a = await run(appPort);
      const served = next - before;
      rows.push(`round ${r + 1}: verify ${a.requests.average.toFixed(0)} req/s p99 ${a.latency.p99} ms (non-2xx ${a.non2xx}, ${served > userCount ? 'some replays' : 'all fresh codes'}) | bare express ${b.requests.average.toFixed(0)} req/s p99 ${b.latency.p99} ms | ratio ${(a.requests.average / b.requests.average).toFixed(2)}`);
      console.log(rows.at(-1));
      next = 0;
      await new Promise((res) => setTimeout(res, 31_000 - (Date.now() % 30_000)));
    }
  } finally {
    app.kill('SIGTERM');
    bare.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
