import type { Command } from 'commander';
import { observeAndPlan } from '../../engine';
import { planReport } from '../../core/plan';
import { failIfIncomplete } from './incomplete';
import { addScopeOptions, resourceOption, type ArmFlags } from './arm-options';
import { renderFailures, renderPlan } from './render';
import { cliRunPolicy, warnAboutPolicy, withEngine } from './run-engine';

export function registerPlanCommand(program: Command): void {
  addScopeOptions(
    program
      .command('plan')
      .description(
        'Show what the autopilot would change: endpoint refreshes, DNS creates/updates/deletes with reasons, conflicts, ' +
          'records left alone (zone-group-managed, not ours) and connection decisions with the rule. Writes nothing.',
      )
      .addOption(resourceOption('only what this private endpoint or private link target concerns'))
      .option(
        '--json',
        'print {"changes": [{"kind", "resourceId", "reason", ...}], "conflicts": [...], "skipped": [...], "failures": [{"stage", "resourceId", "code", "message"}], "complete"}',
      ),
  ).action(async (flags: ArmFlags) => {
    await withEngine(flags, async (ctx) => {
      const request = flags.resource === undefined ? {} : { resourceId: flags.resource };
      const { observation, plan } = await observeAndPlan(ctx, request, cliRunPolicy(ctx, flags.resource));
      warnAboutPolicy(ctx);
      process.stderr.write(renderFailures(observation.failures));
      process.stdout.write(
        flags.json ? `${JSON.stringify(planReport(plan, observation.failures), null, 2)}\n` : renderPlan(plan),
      );
      failIfIncomplete('plan', observation.failures, plan.skipped);
    });
  });
}
