/**
 * After a private endpoint is deleted: remove the records it claimed that no live endpoint still claims (Azure leaves
 * them behind), then run once more if it was deleted again meanwhile (deleted, recreated, deleted).
 */
import type { OrchestrationContext } from 'durable-functions';
import { inputObject, optionalBoolean, optionalCount, resourceIdField } from '../core/input';
import { isPlainObject } from '../core/plain-object';
import { STEP } from './step-contract';
import { ENDPOINT_DELETED } from './names';
import { outcomeOfApplies, type OutcomeFailure, type RunOutcome } from './outcome';
import { callStep, closing, logOutcome, setPhase, type Step } from './steps';
import { timingOf, type Timing } from './timing';

export interface EndpointDeletedInput {
  endpointId: string;
  dryRun?: boolean;
  pass?: number;
  timing?: Partial<Timing>;
}

const WHERE = `${ENDPOINT_DELETED}: input`;

export function* endpointDeletedOrchestrator(context: OrchestrationContext): Step<RunOutcome> {
  const fields = inputObject(WHERE, context.df.getInput(), ['endpointId', 'dryRun', 'pass', 'timing']);
  const endpointId = resourceIdField(WHERE, fields, 'endpointId');
  const dryRun = optionalBoolean(WHERE, fields, 'dryRun') ?? false;
  const pass = optionalCount(WHERE, fields, 'pass') ?? 1;
  const timing = timingOf({ ...(isPlainObject(fields.timing) ? { timing: fields.timing as Partial<Timing> } : {}) });
  setPhase(context, { phase: 'running', pass });

  const failures: OutcomeFailure[] = [];
  const result = yield* callStep(context, STEP.cleanupDeletedEndpointDns, { endpointId, dryRun }, endpointId, failures);
  const identity = {
    orchestration: ENDPOINT_DELETED,
    instanceId: context.df.instanceId,
    resourceId: endpointId,
    pass,
    dryRun,
  };
  const outcome = outcomeOfApplies(identity, result ? [result] : [], failures);
  logOutcome(context, outcome);

  if ((yield* closing(context, pass, timing.closingSeconds)) === 'rerun')
    context.df.continueAsNew({ ...fields, pass: pass + 1 });
  return outcome;
}
