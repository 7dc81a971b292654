/**
 * POST /api/reconcile {resourceId} or {subscriptionId}, optional dryRun: runs the same reconciliation as an event
 * (joining the resource's running orchestration, if any) and answers 202 with the durable status URLs. A dry run is
 * its own instance: it writes nothing, so it needs no place in the resource's queue.
 */
import { randomUUID } from 'node:crypto';
import { app, type HttpRequest, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { answering, jsonBody } from '../app/http';
import { reconcileRequest } from '../app/reconcile-request';
import { startOrSignal } from '../app/starter';

app.http('reconcile', {
  methods: ['POST'],
  route: 'reconcile',
  authLevel: 'function',
  extraInputs: [df.input.durableClient()],
  handler: (request: HttpRequest, context: InvocationContext) =>
    answering(
      async () => {
        const client = df.getClient(context);
        const signal = reconcileRequest(await jsonBody(request), randomUUID);
        const outcome = await startOrSignal(client, signal, { closingWaitMs: 30_000 });
        context.log(`reconcile requested: ${outcome} ${signal.orchestration} ${signal.instanceId}`);
        return client.createCheckStatusResponse(request, signal.instanceId);
      },
      (line) => context.log(line),
    ),
});
