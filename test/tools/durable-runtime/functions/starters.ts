// Client functions (durableClient input) as an app registers them with df.app.client.*.
import { HttpRequest, HttpResponse } from '@azure/functions';
import * as df from 'durable-functions';

df.app.client.http('HttpStart', {
  route: 'orchestrators/{orchestratorName}',
  methods: ['POST'],
  handler: async (request: HttpRequest, client: df.DurableClient) => {
    const text = await request.text();
    const instanceId = await client.startNew(request.params.orchestratorName!, {
      instanceId: request.query.get('instanceId') ?? undefined,
      input: text ? JSON.parse(text) : undefined,
    });
    return client.createCheckStatusResponse(request, instanceId);
  },
});

df.app.client.http('SendApproval', {
  route: 'approvals/{instanceId}',
  methods: ['POST'],
  handler: async (request: HttpRequest, client: df.DurableClient) => {
    await client.raiseEvent(request.params.instanceId!, 'Approval', await request.json());
    return new HttpResponse({ status: 202 });
  },
});

df.app.client.http('GetStatus', {
  route: 'status/{instanceId}',
  methods: ['GET'],
  handler: async (request: HttpRequest, client: df.DurableClient) => {
    const status = await client.getStatus(request.params.instanceId!, { showHistory: true, showInput: true });
    return new HttpResponse({ jsonBody: status });
  },
});

df.app.client.eventGrid('OnResourceEvent', {
  handler: async (event, client) => {
    await client.startNew('Echo', { instanceId: `eg-${event.id}`, input: event.data });
  },
});

df.app.client.storageQueue('OnQueueMessage', {
  queueName: 'work-items',
  connection: 'AzureWebJobsStorage',
  handler: async (message, client) => {
    await client.startNew('Echo', { input: message });
  },
});

df.app.client.timer('Sweep', {
  schedule: '0 0 */6 * * *',
  handler: async (_timer, client) => {
    await client.startNew('Echo', { instanceId: 'sweep', input: 'sweep' });
  },
});
