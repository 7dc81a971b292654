import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertInScope,
  isInScope,
  OutOfScopeError,
  requireUsableScope,
  scopeFromSettings,
  subscriptionInScope,
  type Scope,
} from '../../../src/core/scope';

const WORKLOAD = '0000000a-0000-0000-0000-000000000000';
const DNS = '0000000d-0000-0000-0000-000000000000';
const OTHER = 'ffffffff-0000-0000-0000-000000000000';

const scope: Scope = scopeFromSettings({
  scopeSubscriptions: [WORKLOAD.toUpperCase()],
  dnsZoneSubscription: DNS,
  dnsZoneResourceGroups: ['RG-DNS'],
});

const endpoint = (sub: string) =>
  `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe`;
const record = (sub: string, rg: string) =>
  `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/privateDnsZones/privatelink.documents.azure.com/A/acct`;

describe('scope guard', () => {
  it.each([
    [endpoint(WORKLOAD), 'resource', true],
    [endpoint(WORKLOAD.toUpperCase()), 'resource', true],
    [endpoint(OTHER), 'resource', false],
    [endpoint(DNS), 'resource', false],
    [record(DNS, 'rg-dns'), 'dns', true],
    [record(DNS, 'Rg-Dns'), 'dns', true],
    [record(DNS, 'rg-other'), 'dns', false],
    [record(WORKLOAD, 'rg-dns'), 'dns', false],
    ['not-an-id', 'resource', false],
    ['/subscriptions/', 'dns', false],
  ] as const)('%s as %s → %s', (id, kind, allowed) => {
    expect(isInScope(scope, id, kind)).toBe(allowed);
  });

  it('names the resource and the setting when it refuses', () => {
    expect(() => assertInScope(scope, endpoint(OTHER), 'resource')).toThrow(OutOfScopeError);
    expect(() => assertInScope(scope, endpoint(OTHER), 'resource')).toThrow(/AUTOPILOT_SCOPE_SUBSCRIPTIONS/);
    expect(() => assertInScope(scope, record(DNS, 'rg-x'), 'dns')).toThrow(/AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS/);
  });

  it('allows every zone group of the zone subscription when no groups are configured', () => {
    const open = { ...scope, dnsZoneResourceGroups: [] };
    expect(isInScope(open, record(DNS, 'anything'), 'dns')).toBe(true);
    expect(isInScope(open, record(OTHER, 'anything'), 'dns')).toBe(false);
  });

  it('refuses everything when nothing is configured', () => {
    const empty: Scope = { subscriptions: [], dnsZoneResourceGroups: [] };
    fc.assert(
      fc.property(fc.uuid(), fc.constantFrom('resource', 'dns' as const), (sub, kind) => {
        expect(isInScope(empty, kind === 'dns' ? record(sub, 'rg') : endpoint(sub), kind)).toBe(false);
      }),
    );
  });

  it('has one meaning of an empty scope: nothing in it, and a run refuses to start without one', () => {
    expect(subscriptionInScope([], WORKLOAD)).toBe(false);
    expect(subscriptionInScope([WORKLOAD.toUpperCase()], WORKLOAD)).toBe(true);
    expect(() => requireUsableScope({ subscriptions: [], dnsZoneResourceGroups: [] })).toThrow(
      /AUTOPILOT_SCOPE_SUBSCRIPTIONS/,
    );
    expect(() => requireUsableScope({ subscriptions: [WORKLOAD], dnsZoneResourceGroups: [] })).toThrow(
      /AUTOPILOT_DNS_ZONE_SUBSCRIPTION/,
    );
    expect(() => requireUsableScope(scope)).not.toThrow();
  });
});
