import { existsSync, readFileSync } from 'node:fs';
import { createDefaultHttpClient, createPipelineRequest } from '@azure/core-rest-pipeline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DNS_API, NETWORK_API, rgId, startHarness, SUB, type Harness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const RG_API = '?api-version=2021-04-01';

describe('TLS', () => {
  it('serves a certificate signed by the CA it wrote, which a client without that CA refuses', async () => {
    expect(h.emulator.armEndpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(readFileSync(h.emulator.caCertPath, 'utf8')).toContain('BEGIN CERTIFICATE');
    const untrusting = createDefaultHttpClient();
    const request = createPipelineRequest({ url: `${h.emulator.armEndpoint}/subscriptions?api-version=2022-12-01` });
    await expect(untrusting.sendRequest(request)).rejects.toThrow(/certificate/i);
    expect((await h.raw('GET', '/subscriptions', { query: '?api-version=2022-12-01' })).status).toBe(200);
  });

  it('removes the CA file on close', async () => {
    const other = await startHarness();
    await other.close();
    expect(existsSync(other.emulator.caCertPath)).toBe(false);
  });
});

describe('request admission', () => {
  it('answers 401 in ARM error format without a bearer token', async () => {
    const answer = await h.raw('GET', '/subscriptions', {
      headers: { authorization: '' },
      query: '?api-version=2022-12-01',
    });
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('AuthenticationFailed');
    expect(typeof answer.body.error.message).toBe('string');
  });

  it('answers 400 MissingApiVersionParameter without api-version', async () => {
    const answer = await h.raw('GET', rgId(), { query: '' });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('MissingApiVersionParameter');
  });

  it('answers ARM-shaped 404s for unknown routes, resources, parents and resource groups', async () => {
    const unknown = await h.raw('GET', `${rgId()}/providers/Microsoft.Unknown/things/x`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('InvalidResourceType');
    const missingGroup = await h.raw('GET', `${rgId()}/providers/Microsoft.Network/privateEndpoints/pe`);
    expect(missingGroup.body.error.code).toBe('ResourceGroupNotFound');
    await h.raw('PUT', rgId(), { body: { location: 'westus' }, query: RG_API });
    const missing = await h.raw('GET', `${rgId()}/providers/Microsoft.Network/privateEndpoints/pe`);
    expect([missing.status, missing.body.error.code]).toEqual([404, 'ResourceNotFound']);
    const orphan = await h.raw(
      'GET',
      `${rgId()}/providers/Microsoft.Network/privateEndpoints/pe/privateDnsZoneGroups/g`,
    );
    expect([orphan.status, orphan.body.error.code]).toEqual([404, 'ParentResourceNotFound']);
  });

  it('answers 400 InvalidRequestContent for a body that is not JSON', async () => {
    await h.raw('PUT', rgId(), { body: { location: 'westus' }, query: RG_API });
    const request = createPipelineRequest({
      url: `${h.emulator.armEndpoint}${rgId()}/providers/Microsoft.Network/privateDnsZones/z.com?api-version=${DNS_API}`,
      method: 'PUT',
      body: '{not json',
    });
    request.headers.set('authorization', 'Bearer x');
    request.tlsSettings = { ca: readFileSync(h.emulator.caCertPath, 'utf8') };
    const answer = await createDefaultHttpClient().sendRequest(request);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.bodyAsText ?? '{}').error.code).toBe('InvalidRequestContent');
  });

  it('puts x-ms-ratelimit-remaining-subscription-* on every answer', async () => {
    const first = await h.raw('GET', rgId(), { query: RG_API });
    const second = await h.raw('GET', rgId(), { query: RG_API });
    const write = await h.raw('PUT', rgId(), { body: { location: 'westus' }, query: RG_API });
    const reads = [first, second].map((a) => Number(a.headers['x-ms-ratelimit-remaining-subscription-reads']));
    expect(reads[1]).toBe((reads[0] as number) - 1);
    expect(Number(write.headers['x-ms-ratelimit-remaining-subscription-writes'])).toBeGreaterThan(0);
  });
});

describe('resource groups and subscriptions', () => {
  it('creates groups case-insensitively, keeps the first casing, lists subscriptions and deletes with a 202', async () => {
    const created = await h.raw('PUT', `/subscriptions/${SUB}/resourcegroups/RG-Net`, {
      body: { location: 'West US', tags: { a: '1' } },
      query: RG_API,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'RG-Net',
      location: 'westus',
      properties: { provisioningState: 'Succeeded' },
    });
    const updated = await h.raw('PUT', `/subscriptions/${SUB}/resourceGroups/rg-net`, {
      body: { location: 'westus' },
      query: RG_API,
    });
    expect([updated.status, updated.body.id]).toEqual([200, `/subscriptions/${SUB}/resourceGroups/RG-Net`]);
    const moved = await h.raw('PUT', `/subscriptions/${SUB}/resourceGroups/rg-net`, {
      body: { location: 'eastus' },
      query: RG_API,
    });
    expect(moved.body.error.code).toBe('InvalidResourceGroupLocation');

    const subscriptions = await h.raw('GET', '/subscriptions', { query: '?api-version=2022-12-01' });
    expect(subscriptions.body.value.map((s: { subscriptionId: string }) => s.subscriptionId)).toEqual([SUB]);
    const unknownSubscription = await h.raw('GET', '/subscriptions/nope', { query: '?api-version=2022-12-01' });
    expect(unknownSubscription.body.error.code).toBe('SubscriptionNotFound');

    const deleting = await h.raw('DELETE', rgId(), { query: RG_API });
    expect(deleting.status).toBe(202);
    const location = new URL(deleting.headers.location as string);
    const poll = await h.raw('GET', location.pathname, { query: location.search });
    expect(poll.status).toBe(202);
    const done = await h.raw('GET', location.pathname, { query: location.search });
    expect(done.status).toBe(204);
    expect((await h.raw('GET', rgId(), { query: RG_API })).status).toBe(404);
  });
});

describe('long-running operations', () => {
  async function startZone(): Promise<{ status: URL; result: URL }> {
    await h.raw('PUT', rgId(), { body: { location: 'westus' }, query: RG_API });
    const answer = await h.raw('PUT', `${rgId()}/providers/Microsoft.Network/privateDnsZones/z.com`, {
      body: { location: 'global' },
      query: `?api-version=${DNS_API}`,
    });
    return {
      status: new URL(answer.headers['azure-asyncoperation'] as string),
      result: new URL(answer.headers.location as string),
    };
  }

  it('reads InProgress for pollsBeforeDone polls, then Succeeded, and the Location URL returns the resource', async () => {
    const { status, result } = await startZone();
    const first = await h.raw('GET', status.pathname, { query: status.search });
    const second = await h.raw('GET', status.pathname, { query: status.search });
    expect([first.body.status, second.body.status]).toEqual(['InProgress', 'Succeeded']);
    const final = await h.raw('GET', result.pathname, { query: result.search });
    expect([final.status, final.body.name, final.body.properties.provisioningState]).toEqual([
      200,
      'z.com',
      'Succeeded',
    ]);
  });

  it('completes on its own after msBeforeDone and on admin fast-forward', async () => {
    await h.admin('PUT', '/lro', { msBeforeDone: 30 });
    const timed = await startZone();
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect((await h.raw('GET', timed.status.pathname, { query: timed.status.search })).body.status).toBe('Succeeded');

    await h.admin('PUT', '/lro', { msBeforeDone: null, pollsBeforeDone: 100 });
    const forwarded = await h.raw('PUT', `${rgId()}/providers/Microsoft.Network/privateDnsZones/y.com`, {
      body: {},
      query: `?api-version=${DNS_API}`,
    });
    const url = new URL(forwarded.headers['azure-asyncoperation'] as string);
    expect((await h.raw('GET', url.pathname, { query: url.search })).body.status).toBe('InProgress');
    expect((await h.admin('POST', '/lro/fast-forward')).body.completed).toBe(1);
    expect((await h.raw('GET', url.pathname, { query: url.search })).body.status).toBe('Succeeded');
  });

  it('answers 404 for an unknown operation', async () => {
    const answer = await h.raw(
      'GET',
      `/subscriptions/${SUB}/providers/Microsoft.Network/locations/westus/operations/nope`,
      { query: `?api-version=${NETWORK_API}` },
    );
    expect([answer.status, answer.body.error.code]).toEqual([404, 'OperationNotFound']);
  });
});

describe('admin API', () => {
  it('lists its routes, snapshots and resets state, and keeps a request log and per-route counters', async () => {
    const index = await h.admin('GET', '');
    expect(index.body.routes.map((r: { route: string }) => r.route)).toContain('POST /_admin/scenario');
    await h.raw('PUT', rgId(), { body: { location: 'westus' }, query: RG_API });
    await h.raw('GET', `${rgId()}/providers/Microsoft.Network/privateEndpoints/none`);
    const snapshot = await h.admin('GET', '/state');
    expect(snapshot.body.subscriptions).toEqual([SUB]);
    expect(snapshot.body.resources.map((r: { id: string }) => r.id)).toEqual([rgId()]);

    const log = await h.admin('GET', '/requests');
    expect(log.body.value.map((e: { method: string; status: number }) => [e.method, e.status])).toEqual([
      ['PUT', 201],
      ['GET', 404],
    ]);
    expect(log.body.value[0]).toMatchObject({ path: rgId(), time: expect.any(String) });
    const counters = await h.admin('GET', '/counters');
    expect(counters.body.value).toContainEqual({
      method: 'GET',
      route:
        '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/privateEndpoints/{privateEndpointName}',
      count: 1,
      statuses: { '404': 1 },
    });

    await h.admin('POST', '/reset');
    expect((await h.admin('GET', '/state')).body.resources).toEqual([]);
    expect((await h.admin('GET', '/requests')).body.value).toEqual([]);
    expect((await h.raw('GET', rgId(), { query: RG_API })).status).toBe(404);
  });

  it('loads a scenario given as JSON and reports a failing step with its index', async () => {
    const steps = [
      { method: 'PUT', path: rgId(SUB, 'rg-s'), apiVersion: '2021-04-01', body: { location: 'westus' } },
      {
        method: 'PUT',
        path: `${rgId(SUB, 'rg-s')}/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net`,
        apiVersion: DNS_API,
        body: { location: 'global' },
      },
    ];
    const loaded = await h.admin('POST', '/scenario', { name: 'custom', description: 'x', steps });
    expect(loaded.body).toEqual({ name: 'custom', steps: 2 });
    expect((await h.dns.privateZones.get('rg-s', 'privatelink.vaultcore.azure.net')).provisioningState).toBe(
      'Succeeded',
    );
    expect(h.events.operations).toEqual([]);

    const broken = await h.admin('POST', '/scenario', {
      name: 'broken',
      steps: [
        {
          method: 'PUT',
          path: `${rgId(SUB, 'nope')}/providers/Microsoft.Network/privateDnsZones/a.com`,
          apiVersion: DNS_API,
          body: {},
        },
      ],
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toMatch(/step 0 .*ResourceGroupNotFound/);
    const unnamed = await h.admin('POST', '/scenario', { name: 'no-such-scenario' });
    expect(unnamed.body.error.message).toMatch(/known: .*seed-cosmos/);
  });

  it('manages fault rules, throttling, paging and subscribers', async () => {
    const added = await h.admin('POST', '/faults', { path: '/privateEndpoints/', kind: 'server-error', status: 503 });
    expect(added.status).toBe(201);
    const id = added.body.value[0].id;
    expect((await h.admin('GET', '/faults')).body.value).toMatchObject([{ id, kind: 'server-error', hits: 0 }]);
    expect((await h.admin('POST', '/faults', { path: '(', kind: 'reset' })).status).toBe(400);
    expect((await h.admin('DELETE', `/faults/${id}`)).status).toBe(200);
    expect((await h.admin('GET', '/faults')).body.value).toEqual([]);
    expect((await h.admin('PUT', '/throttle', { read: { capacity: 5, refillPerSecond: 1 } })).body.read).toEqual({
      capacity: 5,
      refillPerSecond: 1,
    });
    expect((await h.admin('PUT', '/paging', { pageSize: 0 })).status).toBe(400);
    await h.admin('POST', '/event-subscribers', { url: 'https://127.0.0.1:1/hook' });
    expect((await h.admin('GET', '/event-subscribers')).body.value).toEqual(['https://127.0.0.1:1/hook']);
    expect((await h.admin('GET', '/nothing-here')).status).toBe(404);
  });
});
