/** The orphan sweep on AUTOPILOT_SWEEP_SCHEDULE, as a singleton: a sweep still running when the timer fires is left to finish. */
import { app, type InvocationContext, type Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { startSweep } from '../app/sweep-start';

app.timer('orphanSweepTimer', {
  schedule: '%AUTOPILOT_SWEEP_SCHEDULE%',
  extraInputs: [df.input.durableClient()],
  handler: async (_timer: Timer, context: InvocationContext) => {
    context.log(await startSweep(df.getClient(context)));
  },
});
