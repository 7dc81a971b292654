/** Event Grid push (Event Grid schema or CloudEvents 1.0): start or signal the orchestration of each event's resource. */
import { app, type EventGridEvent, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { dispatchDelivery } from '../app/events';

app.eventGrid('resourceEvents', {
  extraInputs: [df.input.durableClient()],
  handler: async (event: EventGridEvent, context: InvocationContext) => {
    await dispatchDelivery(event, { client: df.getClient(context), log: (line) => context.log(line) });
  },
});
