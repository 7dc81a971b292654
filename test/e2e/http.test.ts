/**
 * The HTTP routes as a caller sees them on the local host: function keys enforced, 400 naming the field, 403 for
 * anything outside the scope before any ARM call, 202 with durable status URLs, plan and doctor reports that say
 * whether they saw everything, and a health report without secrets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYVAULT_MANUAL_FACTS, SEED_COSMOS_FACTS, WORKLOAD_SUBSCRIPTION } from '@privatelink-autopilot/arm-emulator';
import { api, quiet, requestLog, startTestHost, waitFor, type TestHost } from './support';

const OTHER_SUBSCRIPTION = '00000000-0000-0000-0000-0000000000ff';
const outside = `/subscriptions/${OTHER_SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-elsewhere`;

describe('HTTP routes', () => {
  let t: TestHost;
  beforeAll(async () => {
    t = await startTestHost();
  });
  afterAll(async () => t.close());

  it.each([
    ['POST', '/api/reconcile'],
    ['GET', `/api/plan?resourceId=${encodeURIComponent(SEED_COSMOS_FACTS.accountId)}`],
    ['GET', `/api/diagnose?resourceId=${encodeURIComponent(SEED_COSMOS_FACTS.accountId)}`],
  ])('%s %s requires the function key', async (method, path) => {
    expect(
      (
        await api(
          t.host,
          method,
          path,
          method === 'POST' ? { resourceId: SEED_COSMOS_FACTS.accountId } : undefined,
          null,
        )
      ).status,
    ).toBe(401);
    expect(
      (
        await api(
          t.host,
          method,
          path,
          method === 'POST' ? { resourceId: SEED_COSMOS_FACTS.accountId } : undefined,
          'wrong-key',
        )
      ).status,
    ).toBe(401);
  });

  it.each([
    ['not JSON', '{"resourceId":', /body: expected JSON/],
    ['no subject', {}, /body: expected exactly one of resourceId or subscriptionId/],
    [
      'both subjects',
      { resourceId: SEED_COSMOS_FACTS.accountId, subscriptionId: WORKLOAD_SUBSCRIPTION },
      /exactly one of resourceId or subscriptionId/,
    ],
    ['a malformed ID', { resourceId: 'seed-cosmos' }, /body\.resourceId: expected an ARM resource ID/],
    [
      'a misspelt flag',
      { resourceId: SEED_COSMOS_FACTS.accountId, dryrun: true },
      /body\.dryrun: expected no such field/,
    ],
    [
      'a non-boolean dryRun',
      { resourceId: SEED_COSMOS_FACTS.accountId, dryRun: 'yes' },
      /body\.dryRun: expected true or false/,
    ],
    ['a malformed subscription', { subscriptionId: 'workload' }, /body\.subscriptionId: expected a subscription ID/],
  ])('POST /api/reconcile with %s is a 400 naming the field', async (_, body, message) => {
    const answer = await api(t.host, 'POST', '/api/reconcile', body);
    expect(answer.status).toBe(400);
    expect((answer.json as { message: string }).message).toMatch(message);
  });

  it.each([
    ['POST', '/api/reconcile', { resourceId: outside }],
    ['POST', '/api/reconcile', { subscriptionId: OTHER_SUBSCRIPTION }],
    ['GET', `/api/plan?resourceId=${encodeURIComponent(outside)}`, undefined],
    ['GET', `/api/plan?subscriptionId=${OTHER_SUBSCRIPTION}`, undefined],
    ['GET', `/api/diagnose?resourceId=${encodeURIComponent(outside)}`, undefined],
  ])('%s %s outside the scope is a 403 before any ARM call', async (method, path, body) => {
    const before = (await requestLog(t.emulator)).length;
    const answer = await api(t.host, method, path, body);
    expect(answer.status).toBe(403);
    expect((answer.json as { message: string }).message).toMatch(/outside the configured scope/);
    expect((await requestLog(t.emulator)).length).toBe(before);
  });

  it('GET /api/plan answers the plan with failures and complete, writing nothing', async () => {
    const before = await requestLog(t.emulator);
    const answer = await api(
      t.host,
      'GET',
      `/api/plan?resourceId=${encodeURIComponent(KEYVAULT_MANUAL_FACTS.vaultId)}`,
    );
    expect(answer.status).toBe(200);
    const plan = answer.json as {
      changes: Array<{ kind: string }>;
      conflicts: unknown[];
      skipped: unknown[];
      failures: unknown[];
      complete: boolean;
    };
    expect(plan.changes.map((c) => c.kind)).toEqual(['connection-approve']);
    expect(plan).toMatchObject({ failures: [], complete: true });
    const writes = (await requestLog(t.emulator)).slice(before.length).filter((r) => r.method !== 'GET');
    expect(writes).toEqual([]);
  });

  it('GET /api/plan says so when it could not see everything', async () => {
    const rule = t.emulator.faults.add({
      method: 'GET',
      path: 'vaults/kv-autopilot-manual/privateEndpointConnections$',
      kind: 'server-error',
      status: 500,
    });
    try {
      const answer = await api(
        t.host,
        'GET',
        `/api/plan?resourceId=${encodeURIComponent(KEYVAULT_MANUAL_FACTS.vaultId)}`,
      );
      expect(answer.status).toBe(200);
      const plan = answer.json as {
        failures: Array<{ stage: string; resourceId: string; code: string }>;
        complete: boolean;
      };
      expect(plan.complete).toBe(false);
      expect(plan.failures[0]).toMatchObject({ stage: 'connections', resourceId: KEYVAULT_MANUAL_FACTS.vaultId });
    } finally {
      t.emulator.faults.remove(rule.id);
    }
  });

  it('GET /api/diagnose answers the doctor report with failures and complete', async () => {
    const answer = await api(
      t.host,
      'GET',
      `/api/diagnose?resourceId=${encodeURIComponent(SEED_COSMOS_FACTS.accountId)}`,
    );
    expect(answer.status).toBe(200);
    const body = answer.json as {
      report: { subject: unknown; findings: unknown[] };
      failures: unknown[];
      complete: boolean;
    };
    expect(body.report.findings.length).toBeGreaterThan(0);
    expect(body).toMatchObject({ failures: [], complete: true });
  });

  it('POST /api/reconcile with dryRun answers 202 with status URLs, and the run writes nothing', async () => {
    const before = (await requestLog(t.emulator)).length;
    const answer = await api(t.host, 'POST', '/api/reconcile', {
      resourceId: KEYVAULT_MANUAL_FACTS.vaultId,
      dryRun: true,
    });
    expect(answer.status).toBe(202);
    const links = answer.json as { id: string; statusQueryGetUri: string };
    expect(links.statusQueryGetUri.startsWith(t.host.hostUrl)).toBe(true);
    const status = await waitFor('the dry run to finish', 30_000, async () => {
      const s = await fetch(links.statusQueryGetUri);
      const body = (await s.json()) as {
        runtimeStatus: string;
        output?: { changes: Record<string, number>; dryRun: boolean };
      };
      return body.runtimeStatus === 'Completed' ? body : undefined;
    });
    expect(status.output).toMatchObject({ dryRun: true, changes: { 'connection-approve': 1 } });
    expect((await requestLog(t.emulator)).slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('POST /api/reconcile approves by policy and joins the resource’s orchestration', async () => {
    const answer = await api(t.host, 'POST', '/api/reconcile', { resourceId: KEYVAULT_MANUAL_FACTS.vaultId });
    expect(answer.status).toBe(202);
    const id = (answer.json as { id: string }).id;
    expect(id).toMatch(/^reconcile-target-/);
    await quiet(t.host);
    const plan = await api(t.host, 'GET', `/api/plan?resourceId=${encodeURIComponent(KEYVAULT_MANUAL_FACTS.vaultId)}`);
    expect((plan.json as { changes: unknown[] }).changes).toEqual([]);
  });

  it('GET /api/health is anonymous and healthy; its details need the key and show no secret', async () => {
    const anonymous = await api(t.host, 'GET', '/api/health', undefined, null);
    expect(anonymous.status).toBe(200);
    expect(anonymous.json).toMatchObject({ status: 'healthy', settingsValid: true, policyValid: true });
    expect((await api(t.host, 'GET', '/api/health/details', undefined, null)).status).toBe(401);
    const answer = await api(t.host, 'GET', '/api/health/details');
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      settings: { valid: true },
      policy: { valid: true, source: 'file', rules: 1 },
      dryRun: false,
    });
    const text = JSON.stringify(answer.json);
    expect(text).not.toContain(t.host.functionKey);
    expect(text).not.toMatch(/CHG\[0-9\]|requestMessage|BEGIN CERTIFICATE|privatelink-autopilot-emulator/);
  });

  it('runs a queue message through resourceEventsQueue like an Event Grid push', async () => {
    const event = {
      subject: SEED_COSMOS_FACTS.accountId,
      eventType: 'Microsoft.Resources.ResourceWriteSuccess',
      id: 'queue-delivered-1',
      eventTime: new Date().toISOString(),
      data: {
        operationName: 'Microsoft.DocumentDB/databaseAccounts/write',
        status: 'Succeeded',
        resourceUri: SEED_COSMOS_FACTS.accountId,
      },
      dataVersion: '2',
      metadataVersion: '1',
      topic: `/subscriptions/${WORKLOAD_SUBSCRIPTION}`,
    };
    const started = t.lines.length;
    const answer = await api(t.host, 'POST', '/admin/functions/resourceEventsQueue', { input: JSON.stringify(event) });
    expect(answer.status).toBe(202);
    expect(
      t.lines
        .slice(started)
        .some((l) =>
          /resourceEventsQueue\s+event queue-delivered-1 reconcile-target: (started|signalled) reconcileTarget/.test(l),
        ),
    ).toBe(true);
    await quiet(t.host);
  });

  it('answers the CloudEvents webhook handshake and runs a CloudEvents delivery like an Event Grid one', async () => {
    const url = `${t.host.hostUrl}/runtime/webhooks/eventgrid?functionName=resourceEvents&code=${encodeURIComponent(t.host.functionKey)}`;
    const handshake = await fetch(url, {
      method: 'OPTIONS',
      headers: { 'WebHook-Request-Origin': 'eventgrid.azure.net' },
    });
    expect(handshake.status).toBe(200);
    expect(handshake.headers.get('webhook-allowed-origin')).toBe('eventgrid.azure.net');
    const event = {
      specversion: '1.0',
      id: 'cloudevent-1',
      source: `/subscriptions/${WORKLOAD_SUBSCRIPTION}`,
      subject: SEED_COSMOS_FACTS.accountId,
      type: 'Microsoft.Resources.ResourceWriteSuccess',
      time: new Date().toISOString(),
      data: {
        operationName: 'Microsoft.DocumentDB/databaseAccounts/write',
        status: 'Succeeded',
        resourceUri: SEED_COSMOS_FACTS.accountId,
      },
    };
    const started = t.lines.length;
    const delivery = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents-batch+json; charset=utf-8' },
      body: JSON.stringify([event]),
    });
    expect(delivery.status).toBe(200);
    expect(
      t.lines
        .slice(started)
        .some((l) => /resourceEvents\s+event cloudevent-1 reconcile-target: (started|signalled)/.test(l)),
    ).toBe(true);
    await quiet(t.host);
  });

  it('answers the Event Grid validation handshake with the code, and refuses a delivery without the key', async () => {
    const base = `${t.host.hostUrl}/runtime/webhooks/eventgrid?functionName=resourceEvents`;
    const validation = [
      {
        id: 'v1',
        eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
        subject: '',
        data: { validationCode: 'abc-123' },
        eventTime: new Date().toISOString(),
        dataVersion: '1',
        metadataVersion: '1',
        topic: 't',
      },
    ];
    const keyed = await fetch(`${base}&code=${encodeURIComponent(t.host.functionKey)}`, {
      method: 'POST',
      headers: { 'aeg-event-type': 'SubscriptionValidation' },
      body: JSON.stringify(validation),
    });
    expect(await keyed.json()).toEqual({ validationResponse: 'abc-123' });
    const unkeyed = await fetch(base, {
      method: 'POST',
      headers: { 'aeg-event-type': 'SubscriptionValidation' },
      body: JSON.stringify(validation),
    });
    expect(unkeyed.status).toBe(401);
  });
});
