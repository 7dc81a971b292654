/**
 * GET /api/health (anonymous: monitors probe it): the status and a few booleans, nothing that names the estate.
 * GET /api/health/details (function key): settings and policy with their problems, the scope, the last sweep, recent
 * failures and the outcome events' counters. Neither shows a secret.
 */
import { app, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { HEALTH_DETAILS_ROUTE, healthReport, publicHealth } from '../app/health';
import { json } from '../app/http';

app.http('health', {
  methods: ['GET'],
  route: 'health',
  authLevel: 'anonymous',
  extraInputs: [df.input.durableClient()],
  handler: async (_request, context: InvocationContext) => {
    const report = await healthReport(df.getClient(context));
    return json(report.status === 'misconfigured' ? 503 : 200, publicHealth(report));
  },
});

app.http('healthDetails', {
  methods: ['GET'],
  route: HEALTH_DETAILS_ROUTE,
  authLevel: 'function',
  extraInputs: [df.input.durableClient()],
  handler: async (_request, context: InvocationContext) => {
    const report = await healthReport(df.getClient(context));
    return json(report.status === 'misconfigured' ? 503 : 200, report);
  },
});
