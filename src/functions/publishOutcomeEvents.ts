/** The activity that publishes a run's outcome events (src/activities/outcome-events.ts); its failure line is a warning. */
import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { publishOutcomeEvents } from '../activities';
import { STEP } from '../orchestrations/contract';

const publish = publishOutcomeEvents();

df.app.activity(STEP.publishOutcomeEvents, {
  handler: (input: unknown, context: InvocationContext) => publish(input, (line) => context.warn(line)),
});
