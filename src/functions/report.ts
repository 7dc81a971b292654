/** GET /api/report[?format=json|markdown|html]: the fleet report of the whole scope (the doctor's checks per target); no writes. */
import { app, type HttpRequest, type InvocationContext } from '@azure/functions';
import { answering, queryRecord } from '../app/http';
import { reportFor } from '../app/report';

app.http('report', {
  methods: ['GET'],
  route: 'report',
  authLevel: 'function',
  handler: (request: HttpRequest, context: InvocationContext) =>
    answering(
      () => reportFor(queryRecord(request)),
      (line) => context.log(line),
    ),
});
