import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EmulatorState, RESOURCE_GROUP_TYPE } from '../../src/state';

const RG = '/subscriptions/Sub1/resourceGroups/RG-One';
const ZONE = `${RG}/providers/Microsoft.Network/privateDnsZones/example.com`;

function world(): EmulatorState {
  const state = new EmulatorState();
  state.put({ id: RG, type: RESOURCE_GROUP_TYPE, body: {} });
  state.put({ id: ZONE, type: 'Microsoft.Network/privateDnsZones', body: {} });
  state.put({ id: `${ZONE}/A/www`, type: 'Microsoft.Network/privateDnsZones/A', body: {}, etag: 'e1' });
  return state;
}

describe('EmulatorState', () => {
  it('finds resources whatever the casing and keeps the casing they were created with', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: ZONE.length, maxLength: ZONE.length }), (upper) => {
        const state = world();
        const recased = [...ZONE].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join('');
        expect(state.get(recased)?.id).toBe(ZONE);
        state.put({ id: recased, type: 'Microsoft.Network/privateDnsZones', body: { v: 2 } });
        expect(state.get(ZONE)).toMatchObject({ id: ZONE, body: { v: 2 } });
      }),
    );
  });

  it('lists children by scope and type, across a subscription, and by type everywhere', () => {
    const state = world();
    expect(state.children(RG).map((r) => r.name)).toEqual(['example.com']);
    expect(state.children(ZONE, 'microsoft.network/privatednszones/a').map((r) => r.name)).toEqual(['www']);
    expect(state.listInSubscription('sub1', 'Microsoft.Network/privateDnsZones').map((r) => r.id)).toEqual([ZONE]);
    expect(state.listAll('Microsoft.Network/privateDnsZones/A')).toHaveLength(1);
    expect(state.subscriptions()).toEqual(['Sub1']);
  });

  it('deletes a resource with everything below it', () => {
    const state = world();
    expect(state.delete(RG.toUpperCase())).toBe(true);
    expect(state.size).toBe(0);
    expect(state.listAll('Microsoft.Network/privateDnsZones/A')).toEqual([]);
    expect(state.delete(RG)).toBe(false);
  });

  it('bumps etags only of resources that have one, and snapshots plain data', () => {
    const state = world();
    expect(state.bumpEtag(ZONE)).toBe(false);
    expect(state.bumpEtag(`${ZONE}/a/WWW`)).toBe(true);
    expect(state.get(`${ZONE}/A/www`)?.etag).not.toBe('e1');
    const snapshot = state.snapshot();
    snapshot.resources.length = 0;
    expect(state.size).toBe(3);
  });
});
