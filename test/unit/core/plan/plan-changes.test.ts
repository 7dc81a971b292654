import { describe, expect, it } from 'vitest';
import type { ObservedConnection } from '../../../../src/core/model';
import { parsePolicy, PolicyError } from '../../../../src/core/policy';
import { recordSetId, type ReconcileInput } from '../../../../src/core/plan/changes';
import { planChanges } from '../../../../src/core/plan/plan-reconcile';
import { claimsOf, COSMOS_ZONE, endpoint, INSTANCE, ours, record, zone, zoneId } from './dns.fixtures';

const ACCOUNT =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-data/providers/Microsoft.DocumentDB/databaseAccounts/acct';

function connection(name: string, status: string, description = ''): ObservedConnection {
  return {
    id: `${ACCOUNT}/privateEndpointConnections/${name}`,
    name,
    targetId: ACCOUNT,
    targetType: 'Microsoft.DocumentDB/databaseAccounts',
    targetTags: {},
    privateEndpointId:
      '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/net-hub/providers/Microsoft.Network/privateEndpoints/pe-app',
    groupIds: ['Sql'],
    status,
    description,
  };
}

const approveChangeRequests = parsePolicy(
  {
    version: 1,
    defaultAction: 'leave-pending',
    rules: [
      {
        name: 'change-requests',
        match: { requestMessage: '^CHG[0-9]+' },
        action: 'approve',
        description: 'Approved by {rule}',
      },
      { name: 'no-strangers', match: { requesterSubscriptions: ['99999999-*'] }, action: 'reject' },
    ],
  },
  'test',
);

function input(overrides: Partial<ReconcileInput>): ReconcileInput {
  return {
    endpoints: [],
    zones: [zone(COSMOS_ZONE)],
    records: [],
    connections: [],
    policy: approveChangeRequests,
    claimsOf,
    dns: { ownershipMode: 'owned-only', instanceId: INSTANCE, ttlSeconds: 10 },
    ...overrides,
  };
}

describe('planChanges', () => {
  it('refreshes an endpoint whose connection asks for Recreate, whatever the casing', () => {
    const stale = {
      ...endpoint('pe-1', { ips: { 'acct.documents.azure.com': '10.0.1.4' } }),
      actionsRequired: 'recreate',
    };
    const fine = { ...endpoint('pe-2'), actionsRequired: 'None' };
    const plan = planChanges(
      input({
        endpoints: [stale, fine],
        records: [record(COSMOS_ZONE, 'acct', ['10.0.1.4'], { metadata: ours(['pe-1']) })],
      }),
    );
    expect(plan.changes.map((c) => [c.kind, c.resourceId])).toEqual([['endpoint-refresh', stale.id]]);
  });

  it('turns DNS creates, updates and deletes into changes keyed by the record set ID, and drops keeps', () => {
    const pe = endpoint('pe-1', {
      ips: { 'acct.documents.azure.com': '10.0.1.4', 'acct-westus.documents.azure.com': '10.0.1.5' },
    });
    const plan = planChanges(
      input({
        endpoints: [pe],
        records: [
          record(COSMOS_ZONE, 'acct', ['10.0.1.4'], { metadata: ours(['pe-1']) }),
          record(COSMOS_ZONE, 'acct-eastus', ['10.0.1.9'], { metadata: ours(['pe-gone']) }),
        ],
      }),
    );
    const byKind = Object.fromEntries(plan.changes.map((c) => [c.kind, c.resourceId]));
    expect(byKind).toEqual({
      'dns-create': recordSetId(zoneId(COSMOS_ZONE), 'acct-westus'),
      'dns-delete': recordSetId(zoneId(COSMOS_ZONE), 'acct-eastus'),
    });
  });

  it('approves and rejects pending connections by policy, with the rule, and leaves the rest pending', () => {
    const plan = planChanges(
      input({
        connections: [
          connection('ok', 'Pending', 'CHG1234 new app'),
          {
            ...connection('stranger', 'Pending'),
            privateEndpointId:
              '/subscriptions/99999999-0000-0000-0000-000000000000/resourceGroups/x/providers/Microsoft.Network/privateEndpoints/y',
          },
          connection('unknown', 'Pending', 'please'),
          connection('done', 'Approved', 'CHG1'),
        ],
      }),
    );
    expect(plan.changes.map((c) => [c.kind, c.resourceId.split('/').pop(), 'rule' in c ? c.rule : undefined])).toEqual([
      ['connection-approve', 'ok', 'change-requests'],
      ['connection-reject', 'stranger', 'no-strangers'],
    ]);
    expect(plan.skipped.map((s) => [s.cause, s.resourceId.split('/').pop()])).toEqual([
      ['connection-left-pending', 'unknown'],
    ]);
    const approve = plan.changes[0];
    expect(approve && 'description' in approve ? approve.description : '').toBe('Approved by change-requests');
  });

  it('approves nothing when the policy is unavailable', () => {
    const plan = planChanges(
      input({
        policy: new PolicyError('policy.json', ['file not found']),
        connections: [connection('ok', 'Pending', 'CHG1234')],
      }),
    );
    expect(plan.changes).toEqual([]);
    expect(plan.skipped[0]?.reason).toMatch(/policy unavailable/);
  });

  it('reports a rejected connection the policy would approve instead of trying to approve it', () => {
    const plan = planChanges(input({ connections: [connection('old', 'Rejected', 'CHG1234')] }));
    expect(plan.changes).toEqual([]);
    expect(plan.skipped.map((s) => s.cause)).toEqual(['cannot-approve-rejected']);
  });

  it('reports DNS conflicts with the record set ID', () => {
    const plan = planChanges(
      input({
        endpoints: [
          endpoint('pe-1', { ips: { 'acct.documents.azure.com': '10.0.1.4' } }),
          endpoint('pe-2', { ips: { 'acct.documents.azure.com': '10.0.2.4' } }),
        ],
      }),
    );
    expect(plan.changes).toEqual([]);
    expect(plan.conflicts.map((c) => c.resourceId)).toEqual([recordSetId(zoneId(COSMOS_ZONE), 'acct')]);
  });
});
