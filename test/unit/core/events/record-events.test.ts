/** Record events: A record sets written or deleted in the DNS zone scope go to their zone copy's run. */
import { describe, expect, it } from 'vitest';
import { routeDelivery } from '../../../../src/core/events/router';
import type { RouteContext, RoutedEvent } from '../../../../src/core/events/types';
import { IN_SCOPE, OUT_OF_SCOPE, eventGridEvent } from './events.fixtures';

const ZONES = '33333333-3333-3333-3333-333333333333';
const ZONE_ID = `/subscriptions/${ZONES}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.documents.azure.com`;
const RECORD_ID = `${ZONE_ID}/A/Seed-Cosmos`;
const OWN_APP = 'aaaaaaaa-0000-0000-0000-000000000001';
const CONTEXT: RouteContext = {
  scopeSubscriptions: [IN_SCOPE],
  dnsZones: { subscription: ZONES, resourceGroups: ['rg-dns'] },
  ownAppId: OWN_APP,
};

async function route(event: Record<string, unknown>, context = CONTEXT): Promise<RoutedEvent> {
  const { results, errors } = await routeDelivery(event, context);
  expect(errors).toEqual([]);
  return results[0] as RoutedEvent;
}

function byCaller(event: Record<string, unknown>, appid: string): Record<string, unknown> {
  return { ...event, data: { ...(event.data as object), claims: { appid } } };
}

describe('record events', () => {
  it('route a written record to its zone copy’s run, to be read once', async () => {
    const routed = await route(eventGridEvent('Write', RECORD_ID, 'Microsoft.Network/privateDnsZones/A/write'));
    expect(routed).toMatchObject({
      intent: 'record-written',
      subjectKind: 'zone-copy',
      recordSetId: RECORD_ID.toLowerCase(),
      zoneId: ZONE_ID.toLowerCase(),
      subjectId: ZONE_ID.toLowerCase(),
    });
  });

  it('route a deletion to the same run as every other record of that zone copy', async () => {
    const deleted = await route(eventGridEvent('Delete', RECORD_ID, 'Microsoft.Network/privateDnsZones/A/delete'));
    const other = await route(
      eventGridEvent('Delete', `${ZONE_ID}/A/other`, 'Microsoft.Network/privateDnsZones/A/delete'),
    );
    expect(deleted.intent).toBe('record-deleted');
    expect('orchestrationKey' in deleted && deleted.orchestrationKey).toBe(
      'orchestrationKey' in other && other.orchestrationKey,
    );
    const copy = await route(
      eventGridEvent(
        'Delete',
        RECORD_ID.replace('rg-dns', 'rg-dns-west'),
        'Microsoft.Network/privateDnsZones/A/delete',
      ),
      { ...CONTEXT, dnsZones: { subscription: ZONES, resourceGroups: [] } },
    );
    expect('orchestrationKey' in copy && copy.orchestrationKey).not.toBe(
      'orchestrationKey' in deleted && deleted.orchestrationKey,
    );
  });

  it('ignore records outside the DNS zone scope, even in a scope subscription', async () => {
    const elsewhere = RECORD_ID.replace(ZONES, IN_SCOPE);
    expect(await route(eventGridEvent('Write', elsewhere, 'Microsoft.Network/privateDnsZones/A/write'))).toMatchObject({
      intent: 'ignored',
      reason: expect.stringMatching(/not the DNS zone subscription/),
    });
    const otherGroup = RECORD_ID.replace('rg-dns', 'rg-other');
    expect(
      (await route(eventGridEvent('Delete', otherGroup, 'Microsoft.Network/privateDnsZones/A/delete'))).reason,
    ).toMatch(/AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS/);
    const noZones = { scopeSubscriptions: [IN_SCOPE, OUT_OF_SCOPE] };
    expect(
      (await route(eventGridEvent('Write', RECORD_ID, 'Microsoft.Network/privateDnsZones/A/write'), noZones)).intent,
    ).toBe('ignored');
  });

  it('ignore the autopilot’s own writes and deletes without a read when its identity is known', async () => {
    const own = byCaller(eventGridEvent('Write', RECORD_ID, 'Microsoft.Network/privateDnsZones/A/write'), OWN_APP);
    expect(await route(own)).toMatchObject({ intent: 'ignored', reason: expect.stringMatching(/autopilot itself/) });
    const person = byCaller(own, '04b07795-8ddb-461a-bbee-02f9e1bf7b46');
    expect((await route(person)).intent).toBe('record-written');
    const { ownAppId: _unknown, ...anonymous } = CONTEXT;
    expect((await route(own, anonymous)).intent).toBe('record-written');
  });

  it('ignore other record types and record sets named by the wrong operation', async () => {
    const aaaa = `${ZONE_ID}/AAAA/seed`;
    expect((await route(eventGridEvent('Write', aaaa, 'Microsoft.Network/privateDnsZones/AAAA/write'))).intent).toBe(
      'ignored',
    );
    expect((await route(eventGridEvent('Write', ZONE_ID, 'Microsoft.Network/privateDnsZones/A/write'))).intent).toBe(
      'ignored',
    );
  });
});
