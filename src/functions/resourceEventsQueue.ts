/**
 * The same events through a Storage queue, for function apps behind a private endpoint (Event Grid cannot push to
 * them). A message holds one event or a delivery array, in either schema.
 */
import { app, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { dispatchDelivery } from '../app/events';

export const EVENTS_QUEUE = 'autopilot-events';

app.storageQueue('resourceEventsQueue', {
  queueName: EVENTS_QUEUE,
  connection: 'AzureWebJobsStorage',
  extraInputs: [df.input.durableClient()],
  handler: async (message: unknown, context: InvocationContext) => {
    const body = typeof message === 'string' ? parseMessage(message) : message;
    await dispatchDelivery(body, { client: df.getClient(context), log: (line) => context.log(line) });
  },
});

/** The host hands over JSON already parsed; a message that is not JSON is routed as it is and rejected by the router. */
function parseMessage(text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return text;
  }
}
