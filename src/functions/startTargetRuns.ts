/** The activity that starts (or signals) targets' own runs for endpoints another run found needing a refresh. */
import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { startTargetRuns } from '../app/target-runs';
import { START_TARGET_RUNS } from '../orchestrations/names';

df.app.activity(START_TARGET_RUNS, {
  extraInputs: [df.input.durableClient()],
  handler: (input: unknown, context: InvocationContext) => startTargetRuns(df.getClient(context), input),
});
