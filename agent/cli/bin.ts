#!/usr/bin/env node
// SPDX-License-Identifier: UNLICENSED
import { userInfo } from 'node:os';
import { runCli } from './run-cli.js';

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return String(process.getuid?.() ?? 'unknown');
  }
}

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd(), osUser: osUser(),
});
process.exitCode = code;
