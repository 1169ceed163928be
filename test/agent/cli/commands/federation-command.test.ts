// SPDX-License-Identifier: UNLICENSED
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCliCaptured } from '../../../helpers/run-cli-captured.js';
import { useTempDir } from '../../../helpers/temp-dir.js';

interface KeyRow { id: string; state: string; hasPrivateKey: boolean; thumbprintSha256: string }

describe('mfa-appliance federation keys', () => {
  const tempDir = useTempDir('mfa-federation-cli-');

  test('list, generate-next, activate-next, retire: the rollover state machine from the command line', async () => {
    const dir = join(tempDir(), 'appliance');
    expect((await runCliCaptured(['init', '--dir', dir, '--public-url', 'https://mfa.contoso.com'])).code).toBe(0);
    const cli = (argv: string[]) => runCliCaptured(['--config', join(dir, 'config.yaml'), ...argv]);
    const list = async (): Promise<KeyRow[]> => (await cli(['--json', 'federation', 'keys', 'list'])).json<KeyRow[]>();
    const [first] = await list();
    expect(first).toMatchObject({ state: 'current', hasPrivateKey: true });

    const gen = await cli(['--json', 'federation', 'keys', 'generate-next']);
    expect(gen.code, gen.stderr).toBe(0);
    const next = gen.json<{ id: string; thumbprintSha256: string; certificatePem: string }>();
    expect(next.certificatePem).toContain('BEGIN CERTIFICATE');
    const twice = await cli(['federation', 'keys', 'generate-next']);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('ERR_ALREADY_EXISTS');

    const human = await cli(['federation', 'keys', 'list']);
    expect(human.stdout).toMatch(new RegExp(`${next.id}\\s+next\\s+2048`));
    const act = await cli(['federation', 'keys', 'activate-next']);
    expect(act.code, act.stderr).toBe(0);
    expect(act.stdout).toContain(`signing key ${next.id} is now current`);
    expect(Object.fromEntries((await list()).map((k) => [k.id, k.state]))).toEqual({ [first?.id ?? '']: 'retired', [next.id]: 'current' });

    const refused = await cli(['federation', 'keys', 'retire', next.id]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('ERR_SIGNING_KEY');
    expect((await cli(['federation', 'keys', 'retire', first?.id ?? ''])).code).toBe(0);
    expect((await list()).find((k) => k.id === first?.id)).toMatchObject({ state: 'retired', hasPrivateKey: false });
    const all = [gen, twice, human, act, refused].map((r) => r.stdout + r.stderr).join('\n');
    expect(all).not.toContain('PRIVATE KEY');
    const events = (await cli(['--json', 'audit', 'list', '--limit', '20'])).json<Array<{ event: string; outcome: string }>>()
      .filter((e) => e.event.startsWith('federation.')).map((e) => `${e.event} ${e.outcome}`).reverse();
    expect(events).toEqual([
      'federation.key_generated success', 'federation.key_generated success', 'federation.key_generated failure',
      'federation.key_activated success', 'federation.key_retired failure', 'federation.key_retired success',
    ]);
  });
});
