import { type Command, InvalidArgumentError } from 'commander';
import { sweep } from '../../engine';
import { CliFailure, EXIT_FAILURE } from '../exit';
import { addScopeOptions, stderrLog, type ArmFlags } from './arm-options';
import { completeness, failIfIncomplete } from './incomplete';
import { progressLine, renderFailures, renderSweep } from './render';
import { withEngine } from './run-engine';

interface SweepFlags extends ArmFlags {
  delete?: boolean;
  maxDeletions?: number;
}

export function registerSweepCommand(program: Command): void {
  addScopeOptions(
    program
      .command('sweep')
      .description(
        'Report DNS records no live endpoint claims, over the whole zone scope. With --delete, delete the ones this ' +
          'instance owns at once (no grace: you asked), at most --max-deletions; records without ownership metadata are only reported.',
      )
      .option('--delete', 'delete owned orphans (default: report only)')
      .option('--max-deletions <n>', 'at most this many deletions (default AUTOPILOT_SWEEP_MAX_DELETIONS)', parseCount)
      .option(
        '--json',
        'print {"dryRun", "orphans": [{"resourceId", "fqdn", "ips", "owned", "action", "reason", "outcome"?}], "failures": [{"stage", "resourceId", "code", "message"}], "complete", "calls"}',
      ),
  ).action(async (flags: SweepFlags) => {
    await withEngine(flags, async (ctx) => {
      if (flags.delete && ctx.settings.dryRun) stderrLog('note: AUTOPILOT_DRY_RUN is true: nothing is deleted');
      const result = await sweep(ctx, {
        now: ctx.now().toISOString(),
        maxDeletions: flags.maxDeletions ?? ctx.settings.sweepMaxDeletions,
        delete: Boolean(flags.delete) && !ctx.settings.dryRun,
        onProgress: ({ index, total, change }) => stderrLog(progressLine(index, total, change)),
      });
      process.stderr.write(renderFailures(result.failures));
      process.stdout.write(
        flags.json
          ? `${JSON.stringify({ ...result, ...completeness(result.failures) }, null, 2)}\n`
          : renderSweep(result.orphans, result.dryRun, result.calls),
      );
      if (result.orphans.some((o) => o.outcome === 'failed')) throw new CliFailure('', EXIT_FAILURE);
      failIfIncomplete('sweep', result.failures);
    });
  });
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`expected a whole number ≥ 0, got "${value}"`);
  return Number(value);
}
