/**
 * Outcome events through the real EventGridPublisherClient to a receiver on 127.0.0.1 that speaks Event Grid's
 * publish API: one event per kind arrives with its type, subject and data; a failing topic (500s, a refused
 * connection) never throws, is counted and logged in one line.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outcomeEventCounters, publishOutcomeEvents } from '../../../src/activities/outcome-events';
import { OUTCOME_EVENT_TYPES } from '../../../src/core/outcome-events';
import type { RunOutcome } from '../../../src/orchestrations/outcome';
import { startOutcomeReceiver, type OutcomeReceiver } from '../../../tools/local-host/outcome-receiver';

const AT = '2026-12-07T06:00:00.000Z';
const SUB = '11111111-2222-3333-4444-555555555555';
const VAULT = `/subscriptions/${SUB}/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv-app`;
const CONNECTION = `${VAULT}/privateEndpointConnections/pe-app.1234`;
const RECORD = `/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net/A/kv-app`;

const outcome: RunOutcome & { drift: Array<{ resourceId: string; found: string }> } = {
  orchestration: 'reconcileTarget',
  instanceId: 'reconcile-kv-app',
  resourceId: VAULT,
  pass: 2,
  dryRun: false,
  complete: false,
  changes: { 'dns-update': 1 },
  failures: [{ stage: 'records', resourceId: RECORD, code: 'InternalServerError', message: 'boom' }],
  calls: { reads: 3, writes: 1, deletes: 0 },
  pendingForHuman: 1,
  awaitingApproval: 0,
  conflicts: 1,
  pendingConnections: [{ resourceId: CONNECTION, cause: 'connection-left-pending' }],
  conflictNames: [{ resourceId: RECORD, fqdn: 'kv-app.privatelink.vaultcore.azure.net' }],
  drift: [{ resourceId: RECORD, found: 'record-changed' }],
};

function envFor(endpoint: string): NodeJS.ProcessEnv {
  return {
    AUTOPILOT_OUTCOME_TOPIC_ENDPOINT: endpoint,
    AUTOPILOT_EMULATOR_CA_FILE: '.emulator/ca.pem',
    AUTOPILOT_INSTANCE_ID: 'prod-eu',
    WEBSITE_HOSTNAME: 'autopilot-prod.azurewebsites.net',
  };
}

describe('outcome events', () => {
  let receiver: OutcomeReceiver;
  beforeAll(async () => {
    receiver = await startOutcomeReceiver();
  });
  afterAll(async () => receiver.close());

  it('publishes one CloudEvent per kind, with the resource as subject, the outcome as data and the report link', async () => {
    const lines: string[] = [];
    const result = await publishOutcomeEvents(envFor(receiver.endpoint))({ outcome, final: true, at: AT }, (l) =>
      lines.push(l),
    );
    expect(lines).toEqual([]);
    expect(result).toEqual({ enabled: true, published: 4, failed: 0 });
    const byType = new Map(receiver.events.map((e) => [e.type, e]));
    expect([...byType.keys()].sort()).toEqual(
      [
        OUTCOME_EVENT_TYPES.driftRepaired,
        OUTCOME_EVENT_TYPES.connectionNeedsHuman,
        OUTCOME_EVENT_TYPES.conflictFound,
        OUTCOME_EVENT_TYPES.runIncomplete,
      ].sort(),
    );
    const common = {
      specversion: '1.0',
      source: '/privatelink-autopilot/instances/prod-eu',
      datacontenttype: 'application/json',
      time: AT,
    };
    const report = 'https://autopilot-prod.azurewebsites.net/api/report';
    expect(byType.get(OUTCOME_EVENT_TYPES.connectionNeedsHuman)).toMatchObject({
      ...common,
      subject: CONNECTION,
      data: { outcome, reportUrl: report, connection: { resourceId: CONNECTION, cause: 'connection-left-pending' } },
    });
    expect(byType.get(OUTCOME_EVENT_TYPES.conflictFound)).toMatchObject({
      ...common,
      subject: RECORD,
      data: { outcome, reportUrl: report, conflict: { fqdn: 'kv-app.privatelink.vaultcore.azure.net' } },
    });
    expect(byType.get(OUTCOME_EVENT_TYPES.driftRepaired)).toMatchObject({
      subject: RECORD,
      data: { outcome, drift: { found: 'record-changed' } },
    });
    expect(byType.get(OUTCOME_EVENT_TYPES.runIncomplete)).toMatchObject({ subject: VAULT, data: { outcome } });
    for (const event of receiver.events) expect(event.id).toMatch(/^[0-9a-f]{32}$/);
    expect(receiver.publishes).toEqual([
      { contentType: 'application/cloudevents-batch+json; charset=utf-8', auth: 'key' },
    ]);
  });

  it('publishes RunCompleted for a complete run, and only drift repairs from a pass that is not the last', async () => {
    receiver.events.length = 0;
    const complete = { ...outcome, complete: true, failures: [], pendingConnections: [], conflictNames: [], drift: [] };
    await publishOutcomeEvents(envFor(receiver.endpoint))({ outcome: complete, final: true, at: AT });
    expect(receiver.events.map((e) => [e.type, e.subject])).toEqual([[OUTCOME_EVENT_TYPES.runCompleted, VAULT]]);
    receiver.events.length = 0;
    await publishOutcomeEvents(envFor(receiver.endpoint))({ outcome, final: false, at: AT });
    expect(receiver.events.map((e) => e.type)).toEqual([OUTCOME_EVENT_TYPES.driftRepaired]);
  });

  it('publishes nothing when AUTOPILOT_OUTCOME_TOPIC_ENDPOINT is unset', async () => {
    receiver.events.length = 0;
    expect(await publishOutcomeEvents({})({ outcome, final: true, at: AT })).toEqual({
      enabled: false,
      published: 0,
      failed: 0,
    });
    expect(receiver.events).toEqual([]);
  });

  it('a topic answering 500 does not throw: the events are counted as failed and one line is logged', async () => {
    receiver.failWith = 500;
    const before = outcomeEventCounters();
    const lines: string[] = [];
    try {
      const result = await publishOutcomeEvents(envFor(receiver.endpoint))({ outcome, final: true, at: AT }, (l) =>
        lines.push(l),
      );
      expect(result).toEqual({ enabled: true, published: 0, failed: 4 });
    } finally {
      receiver.failWith = undefined;
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^autopilot\.outcome-events not published: 4 event\(s\) of reconcile-kv-app pass 2 to 127\.0\.0\.1:\d+: /,
    );
    const after = outcomeEventCounters();
    expect(after.failed - before.failed).toBe(4);
    expect(after.failedPublishes - before.failedPublishes).toBe(1);
    expect(after.lastFailure?.message).toBeTruthy();
  });

  it('a refused connection does not throw either, and is counted', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const before = outcomeEventCounters();
    const lines: string[] = [];
    const result = await publishOutcomeEvents(envFor(`http://127.0.0.1:${port}/api/events`))(
      { outcome, final: true, at: AT },
      (l) => lines.push(l),
    );
    expect(result.failed).toBe(4);
    expect(lines).toEqual([expect.stringMatching(/ECONNREFUSED|connect/i)]);
    expect(outcomeEventCounters().failed - before.failed).toBe(4);
  });

  it('refuses an outcome that is not one, naming the field', async () => {
    await expect(
      publishOutcomeEvents(envFor(receiver.endpoint))({
        outcome: { ...outcome, complete: 'yes' },
        final: true,
        at: AT,
      }),
    ).rejects.toThrow(/publishOutcomeEvents: input\.outcome\.complete: expected true or false/);
  });
});
