/** GET /api/diagnose?resourceId=…: the doctor report as JSON, with failures and `complete`. */
import { app, type HttpRequest, type InvocationContext } from '@azure/functions';
import { answering, json, queryRecord } from '../app/http';
import { diagnoseFor } from '../app/queries';

app.http('diagnose', {
  methods: ['GET'],
  route: 'diagnose',
  authLevel: 'function',
  handler: (request: HttpRequest, context: InvocationContext) =>
    answering(
      async () => json(200, await diagnoseFor(queryRecord(request))),
      (line) => context.log(line),
    ),
});
