/** Event Grid push (Event Grid schema or CloudEvents 1.0): start or signal the orchestration of each event's resource. */
import { app, type EventGridEvent, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { dispatchDelivery } from '../app/events';

app.eventGrid('resourceEvents', {
  extraInputs: [df.input.durableClient()],
  handler: async (event: EventGridEvent, context: InvocationContext) => {
    // The host hands over one event per invocation: an element that is itself an array is one bad event, not a batch
    // (an empty one would otherwise vanish without a line in the log).
    await dispatchDelivery([event], { client: df.getClient(context), log: (line) => context.log(line) });
  },
});
