// SPDX-License-Identifier: UNLICENSED
import type { Command } from 'commander';
import { verifyAuditChain } from '../../audit/verify-audit-chain.js';
import type { CliContext, GlobalOptions } from '../cli-context.js';
import { withServices } from '../load-runtime.js';
import { formatTable, formatTime, printResult } from '../output.js';
import { positiveInt } from './user-command.js';

/** `audit list|verify`. */
export function registerAuditCommand(program: Command, ctx: CliContext, globals: () => GlobalOptions): void {
  const audit = program.command('audit').description('read and verify the audit log');
  audit.command('list').description('newest records first')
    .option('--limit <n>', 'how many', (v) => positiveInt(v, '--limit'), 50)
    .option('--event <name>', 'only this event').option('--subject <s>', 'only this subject')
    .action(async (o: { limit: number; event?: string; subject?: string }) => {
      await withServices(ctx, globals(), async (s) => {
        const records = await s.store.audit.recent(o.limit, { ...(o.event ? { event: o.event } : {}), ...(o.subject ? { subject: o.subject } : {}) });
        printResult(ctx, globals().json, records, () => formatTable(
          ['SEQ', 'TIME', 'EVENT', 'OUTCOME', 'ACTOR', 'SOURCE', 'SUBJECT'],
          records.map((r) => [String(r.seq), formatTime(r.ts), r.event, r.outcome, r.actor, r.source, r.subject ?? '-']),
        ));
      });
    });
  audit.command('verify').description('check the hash chain; exit 1 at the first broken link').action(async () => {
    await withServices(ctx, globals(), async (s) => {
      const result = await verifyAuditChain(s.store.audit);
      printResult(ctx, globals().json, result, () => (result.ok
        ? `audit chain intact: ${result.checked} records, head ${result.headHash}`
        : `audit chain BROKEN at seq ${result.firstBroken.seq}: ${result.firstBroken.reason} (${result.checked} records verified before it)`));
      if (!result.ok) process.exitCode = 1;
    });
  });
}
