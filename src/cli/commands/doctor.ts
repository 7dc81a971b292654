import type { Command } from 'commander';
import { renderDiagnosis } from '../../core/diagnose';
import { diagnoseResource } from '../../engine';
import { CliFailure, EXIT_FAILURE } from '../exit';
import { addScopeOptions, resourceOption, type ArmFlags } from './arm-options';
import { completeness, failIfIncomplete } from './incomplete';
import { renderFailures } from './render';
import { withEngine } from './run-engine';

export function registerDoctorCommand(program: Command): void {
  addScopeOptions(
    program
      .command('doctor')
      .description(
        'The Cosmos DB private endpoint troubleshooting checklist for a target or an endpoint: connection status, API ' +
          "support, actionsRequired, every FQDN's record and IP, zone links, stale records and failover readiness. " +
          'Each finding says what to do. Exit 1 when any finding is an error.',
      )
      .addOption(
        resourceOption(
          'the private endpoint or private link target (Cosmos DB account, Key Vault, ...) to check',
        ).makeOptionMandatory(),
      )
      .option(
        '--json',
        'print the report: {"subject", "status", "counts", "findings": [{"check", "status", "subject", "message", "action"}], "failures": [{"stage", "resourceId", "code", "message"}], "complete"}',
      ),
  ).action(async (flags: ArmFlags & { resource: string }) => {
    await withEngine(flags, async (ctx) => {
      const { report, observation } = await diagnoseResource(ctx, flags.resource);
      process.stderr.write(renderFailures(observation.failures));
      process.stdout.write(
        flags.json
          ? `${JSON.stringify({ ...report, ...completeness(observation.failures) }, null, 2)}\n`
          : renderDiagnosis(report),
      );
      if (report.status === 'error') throw new CliFailure('', EXIT_FAILURE);
      failIfIncomplete('doctor', observation.failures);
    });
  });
}
