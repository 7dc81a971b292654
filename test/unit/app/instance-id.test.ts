/**
 * "One instance per resource" rests on events and HTTP requests deriving the same instance ID for the same resource:
 * both go through core/arm-identity's orchestrationKey, and this proves they agree, whatever the casing and when the
 * request names one of the target's connections.
 */
import { describe, expect, it } from 'vitest';
import { signalRequestFor } from '../../../src/app/events';
import { reconcileRequest, targetRunRequest } from '../../../src/app/reconcile-request';
import { routeDelivery } from '../../../src/core/events';
import {
  COSMOS_ID,
  ENDPOINT_ID,
  IN_SCOPE,
  VAULT_ID,
  eventGridEvent,
  type EventType,
} from '../core/events/events.fixtures';

const ENV = { AUTOPILOT_SCOPE_SUBSCRIPTIONS: IN_SCOPE, AUTOPILOT_DNS_ZONE_SUBSCRIPTION: IN_SCOPE };
const SETTINGS = { dryRun: false };

async function eventInstance(kind: EventType, subject: string, operation: string): Promise<string> {
  const { results, errors } = await routeDelivery(eventGridEvent(kind, subject, operation), {
    scopeSubscriptions: [IN_SCOPE],
  });
  expect(errors).toEqual([]);
  const [event] = results;
  if (!event || event.intent === 'ignored' || event.subjectKind === 'zone-copy')
    throw new Error(`expected an actionable event, got ${JSON.stringify(event)}`);
  return signalRequestFor(event, SETTINGS).instanceId;
}

function httpInstance(resourceId: string): string {
  return reconcileRequest({ resourceId }, () => 'unused', ENV).instanceId;
}

describe('one instance ID per resource, from events and from HTTP', () => {
  it.each<[string, EventType, string, string, string]>([
    ['a target written', 'Write', COSMOS_ID, 'Microsoft.DocumentDB/databaseAccounts/write', COSMOS_ID],
    [
      'a target written, asked in upper case',
      'Write',
      COSMOS_ID,
      'Microsoft.DocumentDB/databaseAccounts/write',
      COSMOS_ID.toUpperCase(),
    ],
    [
      'a connection written, asked by the connection',
      'Write',
      `${VAULT_ID}/privateEndpointConnections/pe-1`,
      'Microsoft.KeyVault/vaults/privateEndpointConnections/write',
      `${VAULT_ID.toUpperCase()}/PrivateEndpointConnections/pe-2`,
    ],
    [
      'a connection written, asked by the target',
      'Write',
      `${COSMOS_ID.toUpperCase()}/privateEndpointConnections/pe-1`,
      'Microsoft.DocumentDB/databaseAccounts/privateEndpointConnections/write',
      COSMOS_ID,
    ],
    [
      'an endpoint written',
      'Write',
      ENDPOINT_ID,
      'Microsoft.Network/privateEndpoints/write',
      ENDPOINT_ID.toLowerCase(),
    ],
    [
      "an endpoint's zone group written",
      'Write',
      `${ENDPOINT_ID}/privateDnsZoneGroups/default`,
      'Microsoft.Network/privateEndpoints/privateDnsZoneGroups/write',
      ENDPOINT_ID,
    ],
  ])('%s', async (_, kind, subject, operation, asked) => {
    const fromEvent = await eventInstance(kind, subject, operation);
    expect(httpInstance(asked)).toBe(fromEvent);
    if (!asked.toLowerCase().includes('privateendpoints'))
      expect(targetRunRequest(asked, SETTINGS).instanceId).toBe(fromEvent);
  });

  it('tells two resources apart', async () => {
    expect(httpInstance(COSMOS_ID)).not.toBe(httpInstance(VAULT_ID));
    expect(httpInstance(COSMOS_ID)).not.toBe(
      await eventInstance('Write', ENDPOINT_ID, 'Microsoft.Network/privateEndpoints/write'),
    );
  });
});
