import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { isDnsChange, type DnsChange, type Observation, type ReconcilePlan, type RunPolicy } from '../../core/plan';
import { applyPlan, observeAndPlan, type ApplyResult, type EngineContext } from '../../engine';
import { CliFailure, EXIT_FAILURE, EXIT_USAGE } from '../exit';
import { addScopeOptions, resourceOption, stderrLog, type ArmFlags } from './arm-options';
import { completeness, failIfIncomplete } from './incomplete';
import { progressLine, renderApplyResult, renderFailures, renderPlan } from './render';
import { cliRunPolicy, warnAboutPolicy, withEngine } from './run-engine';

interface ApplyFlags extends ArmFlags {
  yes?: boolean;
}

export function registerApplyCommand(program: Command): void {
  addScopeOptions(
    program
      .command('apply')
      .description(
        'Make the changes `plan` shows: connection decisions, endpoint refreshes, then DNS planned again from what they ' +
          'changed (creates and updates before deletes). When that DNS plan differs from the one confirmed, it is shown ' +
          'and confirmed again. Progress goes to stderr, one line per change. Exit 1 if any change failed or anything ' +
          'could not be read.',
      )
      .addOption(resourceOption('only what this private endpoint or private link target concerns'))
      .option(
        '--yes',
        'do not ask for confirmation, of the plan or of DNS planned again (required when stdin is not a terminal)',
      )
      .option(
        '--json',
        'print the result: {"dryRun", "changes": [{..., "outcome", "error"?}], "conflicts", "skipped", "failures": [{"stage", "resourceId", "code", "message"}], "complete", "calls"}',
      ),
  ).action(async (flags: ApplyFlags) => {
    if (!flags.yes && !process.stdin.isTTY) {
      throw new CliFailure(
        'apply: refusing to change Azure without confirmation: stdin is not a terminal; review `plan`, then run `apply --yes`',
        EXIT_USAGE,
      );
    }
    await withEngine(flags, async (ctx) => {
      const request = flags.resource === undefined ? {} : { resourceId: flags.resource };
      const policy = cliRunPolicy(ctx, flags.resource);
      const { observation, plan } = await observeAndPlan(ctx, request, policy);
      warnAboutPolicy(ctx);
      process.stderr.write(renderFailures(observation.failures));
      if (!flags.json) process.stdout.write(renderPlan(plan));
      if (plan.changes.length === 0) {
        const nothing: ApplyResult = {
          dryRun: false,
          changes: [],
          conflicts: plan.conflicts,
          skipped: plan.skipped,
          failures: observation.failures,
          calls: ctx.arm.meter.calls,
        };
        if (flags.json)
          process.stdout.write(`${JSON.stringify({ ...nothing, ...completeness(observation.failures) }, null, 2)}\n`);
        failIfIncomplete('apply', observation.failures, plan.skipped);
        return;
      }
      await confirm(flags, `Apply ${plan.changes.length} change(s)? [y/N] `);
      if (ctx.settings.dryRun) stderrLog('note: AUTOPILOT_DRY_RUN is true: nothing is written');
      const result = await applyConfirmed(ctx, flags, request, policy, { observation, plan });
      const total = { ...result, calls: { ...ctx.arm.meter.calls } };
      process.stdout.write(
        flags.json
          ? `${JSON.stringify({ ...total, ...completeness(result.failures) }, null, 2)}\n`
          : renderApplyResult(total),
      );
      if (result.changes.some((c) => c.outcome === 'failed')) throw new CliFailure('', EXIT_FAILURE);
      failIfIncomplete('apply', result.failures, result.skipped);
    });
  });
}

/**
 * Exactly what was confirmed: the approvals and refreshes, then the DNS changes. Approvals and refreshes change what
 * endpoints claim, so DNS is read and planned again after them; a DNS plan that differs from the confirmed one is
 * shown and confirmed again before anything of it is written.
 */
async function applyConfirmed(
  ctx: EngineContext,
  flags: ApplyFlags,
  request: { resourceId?: string },
  policy: RunPolicy,
  { observation, plan }: { observation: Observation; plan: ReconcilePlan },
): Promise<ApplyResult> {
  let total = plan.changes.length;
  let done = 0;
  const onProgress = ({ change }: { change: ApplyResult['changes'][number] }) =>
    stderrLog(progressLine(++done, total, change));

  const first = plan.changes.some((c) => !isDnsChange(c))
    ? await applyPlan(ctx, observation, plan, { policy, onProgress, parts: ['connections', 'refreshes'] })
    : undefined;
  let dns = { observation, plan };
  if (first?.changes.some((c) => c.outcome === 'done')) {
    dns = await observeAndPlan(ctx, request, policy);
    const confirmedDns = plan.changes.filter(isDnsChange);
    const plannedDns = dns.plan.changes.filter(isDnsChange);
    if (!sameChanges(confirmedDns, plannedDns)) {
      const view = renderPlan({ changes: plannedDns, conflicts: dns.plan.conflicts, skipped: [] });
      (flags.json ? process.stderr : process.stdout).write(
        `\nDNS planned again after the approvals and refreshes (${plannedDns.length} change(s), ${confirmedDns.length} confirmed):\n${view}`,
      );
      try {
        await confirm(flags, `Apply these ${plannedDns.length} DNS change(s)? [y/N] `);
      } catch (error) {
        if (first) process.stdout.write(renderApplyResult({ ...first, calls: { ...ctx.arm.meter.calls } }));
        throw error;
      }
      total = (first?.changes.length ?? 0) + plannedDns.length;
    }
  }
  const second = await applyPlan(ctx, dns.observation, dns.plan, { policy, onProgress, parts: ['dns'] });
  return {
    dryRun: second.dryRun,
    changes: [...(first?.changes ?? []), ...second.changes],
    conflicts: second.conflicts,
    skipped: second.skipped,
    failures: [...(first?.failures ?? []), ...second.failures],
    calls: ctx.arm.meter.calls,
  };
}

function sameChanges(a: readonly DnsChange[], b: readonly DnsChange[]): boolean {
  const key = (c: DnsChange) => `${c.kind} ${c.resourceId.toLowerCase()} ${c.record.ips.join(',')}`;
  const left = a.map(key).sort();
  const right = b.map(key).sort();
  return left.length === right.length && left.every((k, i) => k === right[i]);
}

async function confirm(flags: ApplyFlags, question: string): Promise<void> {
  if (flags.yes) return;
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    if (!/^y(es)?$/i.test((await prompt.question(question)).trim()))
      throw new CliFailure('apply: cancelled; nothing more was changed', EXIT_FAILURE);
  } finally {
    prompt.close();
  }
}
