/** The orphan sweep on AUTOPILOT_SWEEP_SCHEDULE, as a singleton: a sweep still running when the timer fires is left to finish. */
import { app, type InvocationContext, type Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { startSweep } from '../app/sweep-start';
import { settingValue } from '../core/settings';

app.timer('orphanSweepTimer', {
  // The setting's value when the worker loads the app (a changed app setting restarts it), or its default: a
  // `%AUTOPILOT_SWEEP_SCHEDULE%` binding expression is resolved by the host, which knows no default and refuses to
  // start the function without the setting.
  schedule: settingValue('AUTOPILOT_SWEEP_SCHEDULE', process.env),
  extraInputs: [df.input.durableClient()],
  handler: async (_timer: Timer, context: InvocationContext) => {
    context.log(await startSweep(df.getClient(context)));
  },
});
