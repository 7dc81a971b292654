/** GET /api/diagnose?resourceId=…: the doctor report as JSON, with failures and `complete`. */
import { app, type HttpRequest } from '@azure/functions';
import { answering, json, queryRecord } from '../app/http';
import { diagnoseFor } from '../app/queries';

app.http('diagnose', {
  methods: ['GET'],
  route: 'diagnose',
  authLevel: 'function',
  handler: (request: HttpRequest) => answering(async () => json(200, await diagnoseFor(queryRecord(request)))),
});
