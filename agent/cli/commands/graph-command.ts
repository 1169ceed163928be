// SPDX-License-Identifier: UNLICENSED
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { MfaError } from '../../errors.js';
import { createProvisioner, type Provisioner } from '../../provisioning/create-provisioner.js';
import type { GraphCredentialInput } from '../../provisioning/graph/graph-credentials.js';
import type { RunReport } from '../../provisioning/sync/sync-report.js';
import type { CliContext, GlobalOptions } from '../cli-context.js';
import { withServices } from '../load-runtime.js';
import { formatFields, formatTime, printResult } from '../output.js';
import { createProgressBar, type ProgressBar } from '../progress-bar.js';
import { readStdinSecret } from '../read-secret-input.js';
import { formatGraphPlan } from './format-graph-plan.js';
import { formatFederationChecks } from './format-federation-checks.js';
import { signingKeysFor } from '../signing-keys-for.js';

type Run = <T>(fn: (p: Provisioner, actor: { id: string; source: string }) => Promise<T>) => Promise<T>;

const countsText = (c: Record<string, number>): string =>
  Object.entries(c).filter(([, n]) => n > 0).map(([k, n]) => `${k.replace('_', ' ')} ${n}`).join(', ') || 'nothing';

function reportText(label: string, r: RunReport): string {
  const lines = [`${label} ${r.runId}: ${r.status} (${countsText(r.counts)})`];
  if (r.error) lines.push(`  stopped by ${r.error.code}: ${r.error.message}`);
  if (r.status === 'failed') lines.push('  rerun `mfa-appliance graph sync` to retry what failed or is pending');
  return lines.join('\n');
}

/**
 * `graph credentials|status|sync|plan show|register-token|federate|defederate|rollover`: provisioning to
 * Microsoft Graph (docs/provisioning.md).
 */
export function registerGraphCommand(program: Command, ctx: CliContext, globals: () => GlobalOptions): void {
  const run: Run = (fn) => withServices(ctx, globals(), async (s, actor, rt) => {
    const p = createProvisioner({
      config: rt.config, store: s.store, vault: s.vault, audit: s.audit, clock: rt.clock, random: rt.random, logger: rt.logger, verifier: s.otp,
      signingKeys: signingKeysFor(s, rt),
    });
    try {
      return await fn(p, actor);
    } finally {
      await p.close();
    }
  });
  const cmd = program.command('graph').description('provision users, licences and groups to Microsoft Graph');

  cmd.command('register-token <serial> <code>')
    .description('make Entra know an active hardware TOTP token: create it in the OATH inventory, assign it to its user, activate it with the code shown now')
    .action(async (serial: string, code: string) => {
      await run(async (p, actor) => {
        const r = await p.registerToken(serial, code, actor);
        printResult(ctx, globals().json, r, () => `registered ${r.serial} in Entra for user ${r.entraUserId} (device ${r.deviceId}${r.existed ? ', already in the inventory' : ''}); activated`);
      });
    });

  cmd.command('credentials').description('store the app credential, sealed in the vault (a certificate is preferred)')
    .option('--secret-stdin', 'read a client secret from standard input')
    .option('--certificate <file>', 'PEM certificate registered on the app')
    .option('--key <file>', 'PEM private key of the certificate')
    .action(async (o: { secretStdin?: boolean; certificate?: string; key?: string }) => {
      let input: GraphCredentialInput;
      if (o.secretStdin === true && o.certificate === undefined && o.key === undefined) {
        input = { kind: 'secret', secret: await readStdinSecret(ctx) };
      } else if (o.secretStdin !== true && o.certificate !== undefined && o.key !== undefined) {
        const read = (f: string): string => readFileSync(resolve(ctx.cwd, f), 'utf8');
        input = { kind: 'certificate', certificatePem: read(o.certificate), privateKeyPem: read(o.key) };
      } else {
        throw new MfaError('ERR_INVALID_INPUT', 'give either --secret-stdin, or --certificate FILE and --key FILE');
      }
      await run(async (p, actor) => {
        const ref = await p.storeCredential(input, actor);
        printResult(ctx, globals().json, ref, () => ref.certificate === null ? 'stored the client secret (sealed in the vault)'
          : `stored certificate ${ref.certificate.sha1} (${ref.certificate.subject}, valid until ${ref.certificate.notAfter})`);
      });
    });

  cmd.command('status').description('configuration, credential, last run and link counts').action(async () => {
    await run(async (p) => {
      const st = await p.status();
      const cert = st.credential?.certificate;
      printResult(ctx, globals().json, st, () => formatFields([
        ['Tenant', st.tenantId ?? '(graph.tenantId not set)'],
        ['Client id', st.clientId ?? '(graph.clientId not set)'],
        ['Graph', st.baseUrl],
        ['Credential', st.credential === null ? 'none (run `graph credentials`)' : cert ? `certificate ${cert.sha1}, expires ${cert.notAfter} (${st.credential.expiresInDays} days)` : 'client secret'],
        ['Groups', String(st.groups)],
        ['Linked users', `${st.links.enabled} enabled, ${st.links.disabled} disabled, ${st.links.deleted} deleted`],
        ['Last run', st.lastRun === null ? 'never' : `${st.lastRun.status} at ${formatTime(st.lastRun.finishedAt ?? st.lastRun.startedAt)} (${countsText(st.lastRun.counts)})`],
        ['Last error', st.lastError === null ? 'none' : `${st.lastError.code}: ${st.lastError.message}`],
      ]));
    });
  });

  cmd.command('sync').description('resume an unfinished run, then plan and apply (with --dry-run: print and save the plan only)')
    .option('--dry-run', 'plan without changing Entra; the plan is saved (`graph plan show`)')
    .option('--restore-deleted', 'restore soft-deleted users that hold a user\'s immutable id')
    .option('--purge-deleted', 'purge soft-deleted users that hold a user\'s UPN or immutable id, then create anew')
    .action(async (o: { dryRun?: boolean; restoreDeleted?: boolean; purgeDeleted?: boolean }) => {
      if (o.restoreDeleted === true && o.purgeDeleted === true) throw new MfaError('ERR_INVALID_INPUT', 'choose one of --restore-deleted and --purge-deleted');
      const options = { restoreDeleted: o.restoreDeleted === true, purgeDeleted: o.purgeDeleted === true };
      await run(async (p, actor) => {
        if (o.dryRun === true) {
          const saved = await p.dryRun(options);
          const view = await p.lastPlan();
          printResult(ctx, globals().json, { runId: saved.run.id, counts: saved.plan.counts, changes: saved.plan.changes, issues: saved.plan.issues }, () =>
            `${formatGraphPlan(view?.entries ?? [], false)}\n\nplan ${saved.run.id} saved (${countsText(saved.plan.counts)}); apply with \`mfa-appliance graph sync\``);
          return;
        }
        let bar: ProgressBar | null = null;
        let phase = '';
        const outcome = await p.sync({
          ...options, actor,
          onProgress: (pr) => {
            if (pr.phase !== phase) {
              bar?.finish();
              phase = pr.phase;
              bar = pr.phase === 'plan' ? null : createProgressBar(ctx.stderr, pr.phase === 'resume' ? 'resuming' : 'applying');
              if (pr.phase === 'plan') ctx.stderr.write('planning…\n');
            }
            bar?.update(pr.done, pr.total);
          },
        });
        (bar as ProgressBar | null)?.finish();
        const failed = [outcome.resumed, outcome.report].some((r) => r !== null && r.status !== 'done');
        printResult(ctx, globals().json, { resumed: outcome.resumed, run: outcome.report, issues: outcome.plan?.plan.issues ?? [] }, () => [
          ...(outcome.resumed ? [reportText('resumed run', outcome.resumed)] : []),
          ...(outcome.report ? [reportText('run', outcome.report)] : []),
          ...(outcome.plan?.plan.issues ?? []).map((x) => `  issue ${x.upn}: ${x.message}`),
        ].join('\n'));
        if (failed) process.exitCode = 1;
      });
    });

  cmd.command('federate').description('check the domain can be federated with this appliance, then create or update its federation in Entra')
    .requiredOption('--domain <domain>', 'the verified custom domain (listed in federation.domains)')
    .option('--protocol <protocol>', 'saml or wsfed (default: the domain\'s federation.domains protocol)')
    .action(async (o: { domain: string; protocol?: string }) => {
      if (o.protocol !== undefined && o.protocol !== 'saml' && o.protocol !== 'wsfed') throw new MfaError('ERR_INVALID_INPUT', `--protocol must be saml or wsfed, got ${JSON.stringify(o.protocol)}`);
      const protocol = o.protocol;
      await run(async (p, actor) => {
        const r = await p.federateDomain(o.domain, { ...(protocol ? { protocol } : {}), actor });
        const said = {
          federated: `federated ${r.domain} (${r.protocol ?? ''}, issuer ${r.issuer ?? ''}): configuration ${r.configurationId ?? ''}; Entra may take up to 2 hours (24 for a converted domain) before sign-ins come here`,
          updated: `updated the federation of ${r.domain} (configuration ${r.configurationId ?? ''}): ${r.changed.join(', ')}`,
          already_federated: `${r.domain} is already federated with this appliance (configuration ${r.configurationId ?? ''}); nothing changed`,
          refused: `${r.domain} was not federated: fix the failed checks above and run again (Entra was not changed)`,
        }[r.outcome];
        printResult(ctx, globals().json, r, () => `${formatFederationChecks(r.checks)}\n${said}`);
        if (r.outcome === 'refused') process.exitCode = 1;
      });
    });

  cmd.command('defederate').description('make the domain Managed again and delete its federation configuration')
    .requiredOption('--domain <domain>', 'the federated domain')
    .action(async (o: { domain: string }) => {
      await run(async (p, actor) => {
        const r = await p.defederateDomain(o.domain, actor);
        printResult(ctx, globals().json, r, () => r.outcome === 'already_managed'
          ? `${r.domain} is already Managed without a federation configuration; nothing changed`
          : [
            `${r.domain} is Managed again (${r.steps.map((x) => (x === 'managed' ? 'authenticationType set to Managed' : `configuration ${r.configurationId ?? ''} deleted`)).join(', then ')})`,
            `its users no longer sign in here: they need cloud passwords (set new ones, or enable password hash sync); Entra may take up to 2 hours`,
          ].join('\n'));
      });
    });

  cmd.command('rollover').description('signing-certificate rollover: publish the next certificate to Entra; with --activate, sign with it')
    .requiredOption('--domain <domain>', 'the federated domain')
    .option('--activate', 'phase 2: switch to the next key and make it Entra\'s signing certificate')
    .action(async (o: { domain: string; activate?: boolean }) => {
      await run(async (p, actor) => {
        const r = await p.rolloverDomain(o.domain, { activate: o.activate === true, actor });
        const what = r.phase === 'published'
          ? `next certificate ${r.thumbprint} (key ${r.keyId}) is published for ${r.domain}; once Entra has taken it (allow a day), run \`mfa-appliance graph rollover --domain ${r.domain} --activate\``
          : `${r.domain} is signed with key ${r.keyId} (certificate ${r.thumbprint}), which is Entra's signing certificate`;
        printResult(ctx, globals().json, r, () => `${r.outcome === 'already' ? 'nothing to do: ' : ''}${what}${r.steps.length > 0 ? ` (${r.steps.join(', ')})` : ''}`);
      });
    });

  cmd.command('plan').description('saved plans').command('show').description('the last plan saved by `graph sync --dry-run`').action(async () => {
    await run(async (p) => {
      const view = await p.lastPlan();
      if (view === null) throw new MfaError('ERR_NOT_FOUND', 'no saved plan: run `mfa-appliance graph sync --dry-run`');
      printResult(ctx, globals().json, view, () => `plan ${view.run.id} of ${formatTime(view.run.startedAt)} (${countsText(view.run.counts)})\n${formatGraphPlan(view.entries, false)}`);
    });
  });
}
