/** The startTargetRuns activity: start or signal the run of each target (checked against the scope first). */
import { STEP, type StepOutput } from '../orchestrations/step-contract';
import { inputObject, optionalResourceIds } from '../core/input';
import { assertInScope } from '../core/scope';
import { targetRunRequest } from './reconcile-request';
import { requireAppSettings } from './settings';
import type { SignalOutcome } from '../orchestrations/names';
import { startOrSignal, type InstanceClient } from './starter';

const WHERE = `${STEP.startTargetRuns}: input`;

export async function startTargetRuns(
  client: InstanceClient,
  input: unknown,
  env: NodeJS.ProcessEnv = process.env,
): Promise<StepOutput<typeof STEP.startTargetRuns>> {
  const { settings, scope } = requireAppSettings(env);
  const targetIds = optionalResourceIds(WHERE, inputObject(WHERE, input, ['targetIds']), 'targetIds') ?? [];
  for (const id of targetIds) assertInScope(scope, id, 'resource');
  const outcomes: Record<string, SignalOutcome> = {};
  for (const id of targetIds)
    outcomes[id] = await startOrSignal(client, targetRunRequest(id, settings), { closingWaitMs: 30_000 });
  return outcomes;
}
