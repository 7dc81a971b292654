import { Command, CommanderError } from 'commander';
import { registerPolicyCommands } from './commands/policy';
import { registerEventCommands } from './commands/event';
import { registerApplyCommand } from './commands/apply';
import { registerDoctorCommand } from './commands/doctor';
import { registerPlanCommand } from './commands/plan';
import { registerReportCommand } from './commands/report';
import { registerSweepCommand } from './commands/sweep';
import { EXIT_USAGE, CliFailure } from './exit';

export function buildProgram(): Command {
  const program = new Command('privatelink-autopilot')
    .description('Keeps Azure Private Link endpoints, private DNS records and connection approvals correct.')
    .showHelpAfterError()
    .exitOverride();
  registerPolicyCommands(program);
  registerEventCommands(program);
  registerPlanCommand(program);
  registerApplyCommand(program);
  registerSweepCommand(program);
  registerDoctorCommand(program);
  registerReportCommand(program);
  return program;
}

/** Runs the CLI and resolves to the process exit code; never calls process.exit itself so tests can drive it. */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (err) {
    if (err instanceof CliFailure) {
      if (err.message) process.stderr.write(`${err.message}\n`);
      return err.exitCode;
    }
    if (err instanceof CommanderError) {
      // --help and --version arrive here with exit code 0; everything else Commander raises is a usage error.
      return err.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
