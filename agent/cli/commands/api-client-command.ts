// SPDX-License-Identifier: UNLICENSED
import type { Command } from 'commander';
import type { CliContext, GlobalOptions } from '../cli-context.js';
import { withServices } from '../load-runtime.js';
import { formatTable, formatTime, printResult } from '../output.js';

/** `api-client add|list|revoke`: keys for on-network servers. The key is printed once. */
export function registerApiClientCommand(program: Command, ctx: CliContext, globals: () => GlobalOptions): void {
  const cmd = program.command('api-client').description('manage API clients (on-network servers)');
  cmd.command('add').description('create a client and print its key once')
    .requiredOption('--name <name>', 'client name')
    .option('--networks <cidr...>', 'source networks the client may call from (default: any)')
    .action(async (o: { name: string; networks?: string[] }) => {
      await withServices(ctx, globals(), async (s, actor) => {
        const { client, key } = await s.directory.apiClients.add({ name: o.name, networks: o.networks ?? [] }, actor);
        printResult(ctx, globals().json, { ...client, key }, () =>
          `created API client ${client.name}\nkey (shown once, store it now): ${key}`);
      });
    });
  cmd.command('list').description('list clients').action(async () => {
    await withServices(ctx, globals(), async (s) => {
      const list = await s.directory.apiClients.list();
      printResult(ctx, globals().json, list, () => formatTable(
        ['NAME', 'KEY ID', 'NETWORKS', 'STATE', 'LAST USED'],
        list.map((c) => [c.name, c.keyId, c.networks.join(',') || 'any', c.revokedAt ? 'revoked' : 'active', formatTime(c.lastUsedAt)]),
      ));
    });
  });
  cmd.command('revoke <name>').description('revoke a client').action(async (name: string) => {
    await withServices(ctx, globals(), async (s, actor) => {
      const revoked = await s.directory.apiClients.revoke(name, actor);
      printResult(ctx, globals().json, { name, revoked }, () => (revoked ? `revoked ${name}` : `${name} was already revoked`));
    });
  });
}
