// SPDX-License-Identifier: UNLICENSED
import type { Command } from 'commander';
import type { Actor } from '../../actor.js';
import type { CertInfo, SigningKeys } from '../../federation/keys/signing-keys.js';
import type { CliContext, GlobalOptions } from '../cli-context.js';
import { withServices } from '../load-runtime.js';
import { formatTable, formatTime, printResult } from '../output.js';
import { signingKeysFor } from '../signing-keys-for.js';

/** A certificate as printed (`--json`): the DER as base64, never a Buffer dump. */
const certJson = (c: CertInfo) => ({
  id: c.id, thumbprintSha256: c.thumbprintSha256, notBefore: new Date(c.notBefore).toISOString(), notAfter: new Date(c.notAfter).toISOString(),
  certificatePem: c.certificatePem,
});

/** `federation keys list|generate-next|activate-next|retire ID`: token-signing keys and their rollover. */
export function registerFederationCommand(program: Command, ctx: CliContext, globals: () => GlobalOptions): void {
  const run = <T>(fn: (keys: SigningKeys, actor: Actor) => Promise<T>): Promise<T> =>
    withServices(ctx, globals(), (s, actor, rt) => fn(signingKeysFor(s, rt), actor));
  const keys = program.command('federation').description('federation with Entra ID: token-signing keys')
    .command('keys').description('token-signing keys (current, next, retired)');

  keys.command('list').description('every signing key, newest first').action(async () => {
    await run(async (k) => {
      const list = await k.list();
      printResult(ctx, globals().json, list, () => formatTable(
        ['ID', 'STATE', 'BITS', 'NOT AFTER', 'SHA-256', 'KEY MATERIAL'],
        list.map((x) => [x.id, x.state, String(x.keyBits), formatTime(x.notAfter), x.thumbprintSha256, x.hasPrivateKey ? 'sealed' : 'destroyed']),
      ));
    });
  });

  keys.command('generate-next').description('generate the next key (publish it with `graph rollover --domain D` before activating it)').action(async () => {
    await run(async (k, actor) => {
      const c = await k.generateNext(actor);
      printResult(ctx, globals().json, certJson(c), () => [
        `generated next signing key ${c.id} (SHA-256 ${c.thumbprintSha256}, valid until ${formatTime(c.notAfter)})`,
        'next: `mfa-appliance graph rollover --domain D` for each federated domain, wait for Entra to take it, then `--activate`',
      ].join('\n'));
    });
  });

  keys.command('activate-next').description('make the next key the current signing key; the previous one is retired').action(async () => {
    await run(async (k, actor) => {
      const c = await k.activateNext(actor);
      printResult(ctx, globals().json, certJson(c), () => [
        `signing key ${c.id} is now current (SHA-256 ${c.thumbprintSha256}); a running daemon picks it up within 10 seconds`,
        'Entra must already trust this certificate (`graph rollover --domain D` published it); finish with `graph rollover --domain D --activate`',
      ].join('\n'));
    });
  });

  keys.command('retire <id>').description('retire a next or retired key and destroy its sealed private key').action(async (id: string) => {
    await run(async (k, actor) => {
      await k.retire(id, actor);
      printResult(ctx, globals().json, { id, retired: true }, () => `retired signing key ${id}; its private key is destroyed`);
    });
  });
}
