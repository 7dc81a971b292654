/** The activity that starts (or signals) targets' own runs for endpoints another run found needing a refresh. */
import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { startTargetRuns } from '../app/target-runs';
import { STEP } from '../orchestrations/step-contract';

df.app.activity(STEP.startTargetRuns, {
  extraInputs: [df.input.durableClient()],
  handler: (input: unknown, context: InvocationContext) => startTargetRuns(df.getClient(context), input),
});
