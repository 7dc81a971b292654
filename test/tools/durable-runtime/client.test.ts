import { HttpResponse } from '@azure/functions';
import * as df from 'durable-functions';
import { afterEach, describe, expect, it } from 'vitest';
import { EventType } from '../../../tools/local-host/durable/history';
import { httpRequest, startRuntime, tempDir, TestRuntime } from './support';

let current: TestRuntime | undefined;
afterEach(async () => {
  await current?.runtime.close();
  current = undefined;
});
const start = async () => (current = await startRuntime(tempDir()));

interface CheckStatus {
  id: string;
  statusQueryGetUri: string;
  sendEventPostUri: string;
}

async function startViaHttp(
  t: TestRuntime,
  orchestratorName: string,
  input?: unknown,
  instanceId?: string,
): Promise<CheckStatus> {
  const route = `orchestrators/${orchestratorName}${instanceId ? `?instanceId=${instanceId}` : ''}`;
  const request = httpRequest(t.runtime, 'POST', route, { orchestratorName }, input);
  const response = (await t.runtime.invoke('HttpStart', request)) as HttpResponse;
  expect(response.status).toBe(202);
  return (await response.json()) as CheckStatus;
}

describe('durable client over the real DurableClient HTTP path', () => {
  it('delivers waitForExternalEvent through raiseEvent from an HTTP starter; custom status is visible', async () => {
    const t = await start();
    const links = await startViaHttp(t, 'Approval');
    // createCheckStatusResponse links point at this server (origin of the incoming request).
    expect(
      links.statusQueryGetUri.startsWith(`${t.runtime.baseUrl}/runtime/webhooks/durabletask/instances/${links.id}?`),
    ).toBe(true);

    const waiting = await fetch(links.statusQueryGetUri);
    expect(waiting.status).toBe(202);
    expect(await waiting.json()).toMatchObject({
      runtimeStatus: 'Running',
      customStatus: { stage: 'waiting-for-approval' },
    });

    const viaClient = (await t.runtime.invoke(
      'GetStatus',
      httpRequest(t.runtime, 'GET', `status/${links.id}`, { instanceId: links.id }),
    )) as HttpResponse;
    const clientStatus = (await viaClient.json()) as Record<string, unknown>;
    expect(clientStatus).toMatchObject({ runtimeStatus: 'Running', customStatus: { stage: 'waiting-for-approval' } });
    // The extension sends `historyEvents`; DurableOrchestrationStatus reads `history` (durable-js #620).
    expect(clientStatus.history).toBeUndefined();
    expect(
      ((await (await fetch(`${links.statusQueryGetUri}&showHistory=true`)).json()) as { historyEvents: unknown[] })
        .historyEvents.length,
    ).toBeGreaterThan(0);

    const send = httpRequest(
      t.runtime,
      'POST',
      `approvals/${links.id}`,
      { instanceId: links.id },
      { approved: true, by: 'alice' },
    );
    expect(((await t.runtime.invoke('SendApproval', send)) as HttpResponse).status).toBe(202);
    expect(
      t.http.some(
        (h) => h.url.startsWith(`/durabletask/instances/${links.id}/raiseEvent/Approval`) && h.status === 202,
      ),
    ).toBe(true);

    const done = await t.runtime.waitForCompletion(links.id, 5_000);
    expect(done.output).toEqual({ decision: { approved: true, by: 'alice' } });
    expect(done.customStatus).toEqual({ stage: 'decided' });
    const final = await fetch(links.statusQueryGetUri);
    expect(final.status).toBe(200);
    expect(await final.json()).toMatchObject({
      runtimeStatus: 'Completed',
      output: { decision: { approved: true, by: 'alice' } },
    });
  });

  it('refuses startNew for an instance id that is still running, as the extension does (HTTP 500)', async () => {
    const t = await start();
    await startViaHttp(t, 'Approval', undefined, 'order-42');
    const again = t.runtime.invoke(
      'HttpStart',
      httpRequest(t.runtime, 'POST', 'orchestrators/Approval?instanceId=order-42', { orchestratorName: 'Approval' }),
    );
    await expect(again).rejects.toThrow(
      /^The operation failed with an unexpected status code: 500\. Details: .*"ExceptionMessage":"An Orchestration instance with the status Running already exists\.".*OrchestrationAlreadyExistsException/,
    );
    // Once finished, the id may be reused (OverridableExistingInstanceStates = NonRunningStates).
    t.runtime.raiseEvent('order-42', 'Approval', 'ok');
    await t.runtime.waitForCompletion('order-42', 5_000);
    await startViaHttp(t, 'Approval', undefined, 'order-42');
    expect(t.runtime.getStatus('order-42')!.runtimeStatus).not.toBe('Completed');
  });

  it('answers 410 to raiseEvent on a completed instance; the JS client resolves and the event is lost', async () => {
    const t = await start();
    const links = await startViaHttp(t, 'Echo', { n: 1 });
    await t.runtime.waitForCompletion(links.id, 5_000);
    const historyBefore = JSON.stringify(t.runtime.getStatus(links.id, { showHistory: true }));

    const send = httpRequest(t.runtime, 'POST', `approvals/${links.id}`, { instanceId: links.id }, { late: true });
    const response = (await t.runtime.invoke('SendApproval', send)) as HttpResponse; // client.raiseEvent did not throw
    expect(response.status).toBe(202);
    expect(t.http.filter((h) => h.url.includes('/raiseEvent/')).map((h) => h.status)).toEqual([410]);
    expect(JSON.stringify(t.runtime.getStatus(links.id, { showHistory: true }))).toBe(historyBefore);
    const raw = await fetch(links.sendEventPostUri.replace('{eventName}', 'Approval'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(raw.status).toBe(410);
  });

  it('continueAsNew starts a fresh execution; events received but not consumed by the old one are dropped', async () => {
    const t = await start();
    const id = t.runtime.startNew('Counter');
    // Both events land in the same batch: the orchestrator consumes 'Add'=1, continues as new, and
    // the second event -- already in the old execution's history -- is not carried over.
    t.runtime.raiseEvent(id, 'Add', 1);
    t.runtime.raiseEvent(id, 'Add', 2);
    await waitFor(() => t.runtime.getStatus(id)!.input, { count: 1, seen: [1] });
    await new Promise((r) => setTimeout(r, 50));
    expect(t.runtime.getStatus(id)!.runtimeStatus).toBe('Running');
    expect(t.runtime.getStatus(id)!.input).toEqual({ count: 1, seen: [1] });

    t.runtime.raiseEvent(id, 'Add', 3);
    await waitFor(() => t.runtime.getStatus(id)!.input, { count: 2, seen: [1, 3] });
    t.runtime.raiseEvent(id, 'Add', 4);
    const done = await t.runtime.waitForCompletion(id, 5_000);
    expect(done.output).toEqual({ count: 3, seen: [1, 3, 4] });
    const executionsStarted = t.timeline.filter((e) => e.instanceId === id && e.kind === 'orchestrationStarted');
    expect(executionsStarted).toHaveLength(3);
    const history = t.runtime.getStatus(id, { showHistory: true, showInput: true })!.historyEvents!;
    expect(history.filter((e) => e.EventType === EventType[EventType.ExecutionStarted])).toHaveLength(1);
  });

  it('terminate, purge, getStatusBy and errors through df.getClient(context)', async () => {
    const t = await start();
    const registration = t.runtime.registrations.find((r) => r.name === 'GetStatus')!;
    const client = df.getClient(t.runtime.invocationContextFor(registration));

    await expect(client.startNew('NoSuchOrchestrator')).rejects.toThrow(
      /status code: 400\. .*The function 'NoSuchOrchestrator' doesn't exist, is disabled, or is not an orchestrator function/,
    );
    await expect(client.getStatus('missing')).rejects.toThrow(/replied with HTTP 404 response/);

    const id = await client.startNew('Approval', { input: { order: 1 } });
    await waitFor(() => t.runtime.getStatus(id)!.runtimeStatus, 'Running');
    expect(
      (await client.getStatusBy({ runtimeStatus: [df.OrchestrationRuntimeStatus.Running] })).map((s) => s.instanceId),
    ).toEqual([id]);
    await client.terminate(id, 'no longer needed');
    const terminated = await t.runtime.waitForCompletion(id, 5_000);
    expect(terminated).toMatchObject({ runtimeStatus: 'Terminated', output: 'no longer needed' });
    await client.terminate(id, 'again'); // 410, resolves
    expect(t.http.filter((h) => h.url.includes('/terminate')).map((h) => h.status)).toEqual([202, 410]);
    expect(await client.purgeInstanceHistory(id)).toEqual({ instancesDeleted: 1 });
    await expect(client.getStatus(id)).rejects.toThrow(/404/);
    expect(await client.purgeInstanceHistory(id)).toEqual({ instancesDeleted: 0 }); // 404 -> 0

    const running = await client.startNew('Approval'); // Azure Storage purges running instances as well
    expect(await client.purgeInstanceHistory(running)).toEqual({ instancesDeleted: 1 });
    await expect(client.raiseEvent(running, 'Approval', 1)).rejects.toThrow(`No instance with ID '${running}' found.`);
  });

  it('lets eventGrid, queue and timer triggered client functions start orchestrations', async () => {
    const t = await start();
    await t.runtime.invoke('OnResourceEvent', {
      id: 'evt-1',
      eventType: 'Microsoft.Resources.ResourceWriteSuccess',
      data: { resource: 'pe-1' },
    });
    expect((await t.runtime.waitForCompletion('eg-evt-1', 5_000)).output).toEqual({ resource: 'pe-1' });
    await t.runtime.invoke('OnQueueMessage', { item: 7 });
    await t.runtime.invoke('Sweep', { isPastDue: false, schedule: { adjustForDST: true }, scheduleStatus: {} });
    expect((await t.runtime.waitForCompletion('sweep', 5_000)).output).toBe('sweep');
    await waitFor(
      () =>
        t.runtime
          .listInstances({ runtimeStatus: ['Completed'] })
          .some((s) => JSON.stringify(s.output) === '{"item":7}') || undefined,
      true,
    );
  });
});

async function waitFor<T>(probe: () => T, expected: T, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (JSON.stringify(probe()) !== JSON.stringify(expected)) {
    if (Date.now() > deadline) throw new Error(`expected ${JSON.stringify(expected)}, got ${JSON.stringify(probe())}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
