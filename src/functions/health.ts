/** GET /api/health (anonymous): settings and policy validity with their problems, the last sweep, recent failures. No secrets. */
import { app, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { healthReport } from '../app/health';
import { json } from '../app/http';

app.http('health', {
  methods: ['GET'],
  route: 'health',
  authLevel: 'anonymous',
  extraInputs: [df.input.durableClient()],
  handler: async (_request, context: InvocationContext) => {
    const report = await healthReport(df.getClient(context));
    return json(report.status === 'misconfigured' ? 503 : 200, report);
  },
});
