/** The startTargetRuns activity: start or signal the run of each target (checked against the scope first). */
import { inputObject, optionalResourceIds } from '../core/input';
import { assertInScope } from '../core/scope';
import { START_TARGET_RUNS } from '../orchestrations/names';
import { targetRunRequest } from './reconcile-request';
import { requireAppSettings } from './settings';
import { startOrSignal, type InstanceClient, type SignalOutcome } from './starter';

const WHERE = `${START_TARGET_RUNS}: input`;

export async function startTargetRuns(
  client: InstanceClient,
  input: unknown,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Record<string, SignalOutcome>> {
  const { settings, scope } = requireAppSettings(env);
  const targetIds = optionalResourceIds(WHERE, inputObject(WHERE, input, ['targetIds']), 'targetIds') ?? [];
  for (const id of targetIds) assertInScope(scope, id, 'resource');
  const outcomes: Record<string, SignalOutcome> = {};
  for (const id of targetIds)
    outcomes[id] = await startOrSignal(client, targetRunRequest(id, settings), { closingWaitMs: 30_000 });
  return outcomes;
}
