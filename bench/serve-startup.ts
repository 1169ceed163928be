// SPDX-License-Identifier: UNLICENSED
/**
 * Start-to-ready time and idle RSS of `mfa-appliance serve`, against a bare `node:http` server
 * started the same way in the same run (machines are noisy: read the ratios).
 * Usage: node dist/bench/serve-startup.js [runs=5]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const runs = Number(process.argv[2] ?? 5);
const bin = resolve('dist/agent/cli/bin.js');

function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

function probe(url: string): Promise<number> {
  return new Promise((res) => {
    const onRes = (r: { statusCode?: number; resume(): void }): void => { r.resume(); res(r.statusCode ?? 0); };
    const req = url.startsWith('https') ? request(url, { rejectUnauthorized: false }, onRes) : get(url, onRes);
    req.on('error', () => res(0));
    req.end();
  });
}

async function untilReady(url: string, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode}`);
    if ((await probe(url)) === 200) return;
    await new Promise((r) => setTimeout(r, 5));
  }
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0) / 1024;
}

async function measure(cmd: string[], url: string, env: NodeJS.ProcessEnv): Promise<{ ms: number; rss: number }> {
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, cmd, { env, stdio: 'ignore' });
  await untilReady(url, child);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  await new Promise((r) => setTimeout(r, 2000));
  const rss = rssMb(child.pid ?? 0);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return { ms, rss };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const dir = mkdtempSync(join(tmpdir(), 'mfa-bench-'));
try {
  const port = await freePort();
  const init = spawnSync(process.execPath, [bin, 'init', '--dir', dir, '--listen', `127.0.0.1:${port}`], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(init.stderr);
  const app: Array<{ ms: number; rss: number }> = [];
  const base: Array<{ ms: number; rss: number }> = [];
  const basePort = await freePort();
  const bare = `require('node:http').createServer((q, s) => s.end('ok')).listen(${basePort}, '127.0.0.1')`;
  for (let i = 0; i < runs; i++) {
    base.push(await measure(['-e', bare], `http://127.0.0.1:${basePort}/`, process.env));
    app.push(await measure([bin, '--config', join(dir, 'config.yaml'), 'serve'], `https://127.0.0.1:${port}/readyz`, { ...process.env, MFA_APPLIANCE_LOG__LEVEL: 'warn' }));
  }
  const a = { ms: median(app.map((x) => x.ms)), rss: median(app.map((x) => x.rss)) };
  const b = { ms: median(base.map((x) => x.ms)), rss: median(base.map((x) => x.rss)) };
  console.log(`runs: ${runs} (medians)`);
  console.log(`serve start-to-ready: ${a.ms.toFixed(0)} ms   bare node:http: ${b.ms.toFixed(0)} ms   ratio ${(a.ms / b.ms).toFixed(2)}x   (goal < 1500 ms)`);
  console.log(`idle RSS:             ${a.rss.toFixed(1)} MB  bare node:http: ${b.rss.toFixed(1)} MB  ratio ${(a.rss / b.rss).toFixed(2)}x   (goal < 120 MB)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
