/** What the engine commands share: building the context, observing (with the scope guard's refusal as a clear failure), warnings. */
import { runPolicy, type RunPolicy } from '../../core/plan';
import { PolicyError } from '../../core/policy';
import { OutOfScopeError } from '../../core/scope';
import { focusKind, type EngineContext } from '../../engine';
import { CliFailure, EXIT_FAILURE } from '../exit';
import { contextFromFlags, stderrLog, type ArmFlags } from './arm-options';

/** Runs `work` with a context built from the flags; a scope refusal ends the command with exit 1 before any ARM call. */
export async function withEngine<T>(flags: ArmFlags, work: (ctx: EngineContext) => Promise<T>): Promise<T> {
  const ctx = await contextFromFlags(flags, stderrLog);
  try {
    return await work(ctx);
  } catch (err) {
    if (err instanceof OutOfScopeError) throw new CliFailure(err.message, EXIT_FAILURE);
    throw err;
  }
}

export function warnAboutPolicy(ctx: EngineContext): void {
  if (ctx.policy instanceof PolicyError)
    stderrLog(`note: ${ctx.policy.message}; no connection will be approved or rejected`);
}

/**
 * What `plan` and `apply` may do: a run about one resource (`--resource`) or a pass over the scope, as the function
 * app's runs of the same kind, except that the CLI has no durable runs to hand refreshes to: it refreshes them itself.
 */
export function cliRunPolicy(ctx: EngineContext, resourceId: string | undefined): RunPolicy {
  const kind = resourceId === undefined ? 'subscription' : focusKind(resourceId);
  return runPolicy({ kind, entry: 'cli', dryRun: ctx.settings.dryRun });
}
