/** The periodic pass on AUTOPILOT_RECONCILE_SCHEDULE, as a singleton, and a fresh run for each resource left incomplete. */
import { app, type InvocationContext, type Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { startPeriodicPass } from '../app/periodic-start';
import { settingValue } from '../core/settings';

app.timer('periodicReconcileTimer', {
  // Read when the worker loads the app, as the sweep's timer (orphanSweepTimer.ts says why).
  schedule: settingValue('AUTOPILOT_RECONCILE_SCHEDULE', process.env),
  extraInputs: [df.input.durableClient()],
  handler: async (_timer: Timer, context: InvocationContext) => {
    for (const line of await startPeriodicPass(df.getClient(context))) context.log(line);
  },
});
