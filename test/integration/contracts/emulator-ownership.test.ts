/**
 * The emulator's scenarios stamp records the way the app writes them; the app must read that stamp as its own, or
 * every scenario-based test would exercise records the app considers someone else's.
 */
import { describe, expect, it } from 'vitest';
import { getScenario, ORPHANS_FACTS, SEED_COSMOS_FACTS, type Scenario } from '@privatelink-autopilot/arm-emulator';
import { ownershipOf, recordedEndpoints } from '../../../src/core/plan/dns/ownership';
import { normaliseResourceId } from '../../../src/core/resource-id';

type RecordBody = { properties: { metadata?: Record<string, string> } };

function recordMetadata(scenario: Scenario): Map<string, Record<string, string>> {
  const puts = scenario.steps.filter((s) => s.method === 'PUT' && /\/privateDnsZones\/[^/]+\/A\/[^/]+$/i.test(s.path));
  return new Map(
    puts.map((s) => [s.path.split('/').pop() as string, (s.body as RecordBody).properties.metadata ?? {}]),
  );
}

function ownership(zoneId: string, name: string, metadata: Record<string, string>): string {
  return ownershipOf({ zoneId, zone: 'privatelink.documents.azure.com', name, ips: [], ttl: 10, metadata }, 'default')
    .kind;
}

describe('emulator scenarios as the app reads them', () => {
  it('seed-cosmos: every record is ours and claimed by the seed endpoint', () => {
    const records = recordMetadata(getScenario('seed-cosmos'));
    expect(records.size).toBeGreaterThan(0);
    for (const [name, metadata] of records) {
      expect(ownership(SEED_COSMOS_FACTS.zoneId, name, metadata), name).toBe('ours');
      expect(recordedEndpoints(metadata)).toEqual([normaliseResourceId(SEED_COSMOS_FACTS.endpointId)]);
    }
  });

  it('orphans: owned orphans are ours, the legacy record is not, the retired one names the deleted endpoint', () => {
    const records = recordMetadata(getScenario('orphans'));
    for (const name of [...ORPHANS_FACTS.claimed, ...ORPHANS_FACTS.ownedOrphans]) {
      expect(ownership(ORPHANS_FACTS.zoneId, name, records.get(name) ?? {}), name).toBe('ours');
    }
    expect(ownership(ORPHANS_FACTS.zoneId, 'legacy-app', records.get('legacy-app') ?? {})).toBe('unowned');
    expect(recordedEndpoints(records.get('orphans-retired') ?? {})).toEqual([
      normaliseResourceId(ORPHANS_FACTS.deletedEndpointId),
    ]);
  });
});
