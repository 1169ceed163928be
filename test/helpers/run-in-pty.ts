// SPDX-License-Identifier: UNLICENSED
import { spawnSync } from 'node:child_process';

/**
 * Runs a command on a pseudo-terminal (python3's pty module; Node has none), typing `inputs` one by one
 * as each prompt appears, and returns everything the terminal showed plus the exit code. What a person
 * typed shows up in `screen` only if the program echoed it.
 */
export function runInPty(argv: string[], inputs: Array<{ after: string; type: string }>, env: NodeJS.ProcessEnv): { code: number; screen: string } {
  const driver = `
import json, os, pty, select, sys, time
argv, inputs = json.loads(sys.argv[1]), json.loads(sys.argv[2])
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)
screen, deadline = b"", time.time() + 30
while time.time() < deadline:
    r, _, _ = select.select([fd], [], [], 0.1)
    if r:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        screen += data
    if inputs and inputs[0]["after"].encode() in screen:
        time.sleep(0.05)
        os.write(fd, inputs.pop(0)["type"].encode())
_, status = os.waitpid(pid, 0)
print(json.dumps({"code": os.waitstatus_to_exitcode(status), "screen": screen.decode(errors="replace")}))
`;
  const r = spawnSync('python3', ['-c', driver, JSON.stringify(argv), JSON.stringify(inputs)], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 40_000 });
  if (r.status !== 0) throw new Error(`pty driver failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { code: number; screen: string };
}
