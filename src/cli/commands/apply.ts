import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import type { PlanSkip } from '../../core/plan';
import { applyPlan, observe } from '../../engine';
import { planReconcile } from '../../core/plan';
import { CliFailure, EXIT_FAILURE, EXIT_USAGE } from '../exit';
import { addScopeOptions, resourceOption, stderrLog, type ArmFlags } from './arm-options';
import { progressLine, renderApplyResult, renderFailures, renderPlan } from './render';
import { warnAboutPolicy, withEngine } from './run-engine';

interface ApplyFlags extends ArmFlags {
  yes?: boolean;
}

export function registerApplyCommand(program: Command): void {
  addScopeOptions(
    program
      .command('apply')
      .description(
        'Make the changes `plan` shows: connection decisions, endpoint refreshes, then DNS planned again from what they ' +
          'changed (creates and updates before deletes). Progress goes to stderr, one line per change. Exit 1 if any change failed.',
      )
      .addOption(resourceOption('only what this private endpoint or private link target concerns'))
      .option('--yes', 'do not ask for confirmation (required when stdin is not a terminal)')
      .option('--json', 'print the result: {"dryRun", "changes": [{..., "outcome", "error"?}], "conflicts", "skipped", "failures", "calls"}'),
  ).action(async (flags: ApplyFlags) => {
    if (!flags.yes && !process.stdin.isTTY) {
      throw new CliFailure('apply: refusing to change Azure without confirmation: stdin is not a terminal; review `plan`, then run `apply --yes`', EXIT_USAGE);
    }
    await withEngine(flags, async (ctx) => {
      const observation = await observe(ctx, flags.resource === undefined ? {} : { resourceId: flags.resource });
      const plan = planReconcile(ctx, observation);
      warnAboutPolicy(ctx);
      process.stderr.write(renderFailures(observation.failures));
      if (!flags.json) process.stdout.write(renderPlan(plan));
      if (plan.changes.length === 0) {
        if (flags.json) process.stdout.write(`${JSON.stringify({ dryRun: false, changes: [], conflicts: plan.conflicts, skipped: plan.skipped, failures: observation.failures, calls: ctx.arm.meter.calls }, null, 2)}\n`);
        failIfIncomplete(observation.failures, plan.skipped);
        return;
      }
      if (!flags.yes && !(await confirmed(`Apply ${plan.changes.length} change(s)? [y/N] `))) throw new CliFailure('apply: cancelled; nothing was changed', EXIT_FAILURE);
      if (ctx.settings.dryRun) stderrLog('note: AUTOPILOT_DRY_RUN is true: nothing is written');
      const result = await applyPlan(ctx, observation, plan, {
        dryRun: ctx.settings.dryRun,
        onProgress: ({ index, total, change }) => stderrLog(progressLine(index, total, change)),
      });
      const total = { ...result, calls: { ...ctx.arm.meter.calls } };
      process.stdout.write(flags.json ? `${JSON.stringify(total, null, 2)}\n` : renderApplyResult(total));
      if (result.changes.some((c) => c.outcome === 'failed')) throw new CliFailure('', EXIT_FAILURE);
      failIfIncomplete([...observation.failures, ...result.failures], result.skipped);
    });
  });
}

/**
 * An unattended run must be able to tell a partial run from a complete one. Deletes are said to be held only when
 * some were: a failure that leaves every endpoint's claims known (a target's connections, say) holds none.
 */
function failIfIncomplete(failures: ReadonlyArray<{ resourceId: string }>, skipped: readonly PlanSkip[]): void {
  const unreadable = new Set(failures.map((f) => f.resourceId.toLowerCase())).size;
  if (unreadable === 0) return;
  const held = skipped.filter((s) => s.cause === 'observation-failed').length;
  const consequence = held > 0 ? `, so ${held} DNS delete(s) were held` : '';
  throw new CliFailure(`apply: incomplete: ${unreadable} resource(s) could not be read${consequence}; run again when they can be`, EXIT_FAILURE);
}

async function confirmed(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}
