/** GET /api/plan?resourceId=…|subscriptionId=…: the plan the CLI prints with --json, with failures and `complete`; no writes. */
import { app, type HttpRequest, type InvocationContext } from '@azure/functions';
import { answering, json, queryRecord } from '../app/http';
import { planFor } from '../app/queries';

app.http('plan', {
  methods: ['GET'],
  route: 'plan',
  authLevel: 'function',
  handler: (request: HttpRequest, context: InvocationContext) =>
    answering(
      async () => json(200, await planFor(queryRecord(request))),
      (line) => context.log(line),
    ),
});
