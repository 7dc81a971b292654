/**
 * Health tells strangers nothing: for a world with failures, the anonymous body holds the status and booleans only (no
 * subscription ID or other GUID, resource ID, resource group, zone, rule count or failure text), while the details
 * behind the key hold all of it.
 */
import { describe, expect, it } from 'vitest';
import { healthReport, publicHealth, type HealthClient } from '../../../src/app/health';
import type { RunOutcome } from '../../../src/orchestrations/outcome';

const SCOPE = '11111111-2222-3333-4444-555555555555';
const ZONES = '66666666-7777-8888-9999-000000000000';
const VAULT = `/subscriptions/${SCOPE}/resourceGroups/rg-payments/providers/Microsoft.KeyVault/vaults/kv-payments`;
const ZONE = `/subscriptions/${ZONES}/resourceGroups/rg-dns-hub/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net`;
const NOW = new Date('2026-12-07T06:00:00Z');

const env = {
  AUTOPILOT_SCOPE_SUBSCRIPTIONS: SCOPE,
  AUTOPILOT_DNS_ZONE_SUBSCRIPTION: ZONES,
  AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS: 'rg-dns-hub,rg-dns-spoke',
  AUTOPILOT_POLICY_SOURCE:
    'inline:{"version": 1, "defaultAction": "leave-pending", "rules": [{"name": "tickets", "match": {"requestMessage": "^CHG"}, "action": "approve"}]}',
};

const failedOutcome: RunOutcome = {
  orchestration: 'reconcileTarget',
  instanceId: 'reconcile-kv-payments',
  resourceId: VAULT,
  pass: 3,
  dryRun: false,
  complete: false,
  changes: {},
  failures: [
    {
      stage: 'zones',
      resourceId: ZONE,
      code: 'AuthorizationFailed',
      message: `The client does not have authorization over scope '/subscriptions/${ZONES}/resourceGroups/rg-dns-hub'`,
    },
  ],
  calls: { reads: 4, writes: 0, deletes: 0 },
  pendingForHuman: 1,
  awaitingApproval: 0,
  conflicts: 1,
  pendingConnections: [],
  conflictNames: [],
};

const client: HealthClient = {
  async getStatus() {
    return {
      runtimeStatus: 'Completed',
      lastUpdatedTime: new Date('2026-12-07T05:00:00Z'),
      output: { ...failedOutcome, orchestration: 'sweepOrphans', instanceId: 'sweep-orphans', resourceId: ZONE },
    };
  },
  async getStatusBy() {
    return [
      {
        instanceId: 'reconcile-kv-payments',
        name: 'reconcileTarget',
        runtimeStatus: 'Completed',
        lastUpdatedTime: new Date('2026-12-07T05:30:00Z'),
        output: failedOutcome,
      },
      {
        instanceId: 'cleanup-pe-payments',
        name: 'endpointDeleted',
        runtimeStatus: 'Failed',
        lastUpdatedTime: new Date('2026-12-07T05:40:00Z'),
        output: `Orchestrator failed for ${VAULT}`,
      },
    ];
  },
};

describe('health', () => {
  it('anonymous: the status and booleans, nothing that names the estate', async () => {
    const report = await healthReport(client, env, NOW);
    expect(report.status).toBe('degraded');
    const body = publicHealth(report);
    expect(body).toEqual({
      status: 'degraded',
      settingsValid: true,
      policyValid: true,
      recentFailures: true,
      historyReadable: true,
      details: 'GET /api/health/details with a function key',
    });
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
    for (const named of [
      '/subscriptions/',
      'rg-',
      'privatelink.',
      'kv-payments',
      'AuthorizationFailed',
      'authorization',
    ])
      expect(text, named).not.toContain(named);
    expect(Object.values(body).filter((v) => typeof v === 'number')).toEqual([]);
  });

  it('anonymous: misconfigured says so without echoing a setting', async () => {
    const report = await healthReport(client, { ...env, AUTOPILOT_DNS_ZONE_SUBSCRIPTION: 'rg-dns-secret' }, NOW);
    const text = JSON.stringify(publicHealth(report));
    expect(publicHealth(report)).toMatchObject({ status: 'misconfigured', settingsValid: false });
    expect(text).not.toMatch(/rg-dns-secret|AUTOPILOT_|11111111/);
  });

  it('with the key: scope, rule count, the last sweep and recent failures with resource IDs', async () => {
    const report = await healthReport(client, env, NOW);
    expect(report).toMatchObject({
      policy: { valid: true, source: 'inline', rules: 1 },
      scope: { subscriptions: 1, dnsZoneSubscription: ZONES, dnsZoneResourceGroups: ['rg-dns-hub', 'rg-dns-spoke'] },
      lastSweep: { runtimeStatus: 'Completed', outcome: { resourceId: ZONE } },
    });
    expect(report.recentFailures.map((f) => f.instanceId)).toEqual(['cleanup-pe-payments', 'reconcile-kv-payments']);
    expect(report.recentFailures[1]).toMatchObject({ resourceId: VAULT, failures: [{ code: 'AuthorizationFailed' }] });
  });
});

describe('health: resources whose latest run is incomplete', () => {
  const since = '2026-11-01T00:00:00.000Z';
  const incomplete = {
    resourceId: VAULT,
    subject: { resourceId: VAULT },
    since,
    failures: [{ stage: 'zones', resourceId: ZONE, code: 'AuthorizationFailed', message: 'no role' }],
  };
  const statuses = [
    // Started long before any time window, and still listed: its instance says its latest run was incomplete.
    {
      instanceId: 'reconcile-kv-payments',
      name: 'reconcileTarget',
      runtimeStatus: 'Completed',
      customStatus: { phase: 'closing', pass: 6, incomplete },
    },
    {
      instanceId: 'reconcile-kv-retrying',
      name: 'reconcileTarget',
      runtimeStatus: 'Running',
      customStatus: { phase: 'retrying', pass: 2, incomplete: { ...incomplete, since: '2026-12-07T05:59:00.000Z' } },
    },
    // A run that completed since is not listed.
    {
      instanceId: 'reconcile-kv-fine',
      name: 'reconcileTarget',
      runtimeStatus: 'Completed',
      customStatus: { phase: 'closing', pass: 1 },
    },
  ];
  const listing: HealthClient = {
    getStatus: async () => undefined,
    getStatusBy: async (filter) => (filter.createdTimeFrom ? [] : statuses),
  };

  it('lists each, whatever its age, oldest first, and health is degraded while any is', async () => {
    const report = await healthReport(listing, env, NOW);
    expect(report.incomplete?.map((r) => [r.instanceId, r.runtimeStatus, r.since])).toEqual([
      ['reconcile-kv-payments', 'Completed', since],
      ['reconcile-kv-retrying', 'Running', '2026-12-07T05:59:00.000Z'],
    ]);
    expect(report.incomplete?.[0]?.failures).toMatchObject([{ code: 'AuthorizationFailed' }]);
    expect(report.status).toBe('degraded');
    expect(publicHealth(report)).toMatchObject({ status: 'degraded', recentFailures: true });
    expect(report.lastPeriodicPass).toEqual({ runtimeStatus: 'never run' });
  });

  it('is healthy once every latest run completed', async () => {
    const report = await healthReport(
      { ...listing, getStatusBy: async () => [statuses[2] as (typeof statuses)[number]] },
      env,
      NOW,
    );
    expect(report.incomplete).toEqual([]);
    expect(report.status).toBe('healthy');
  });
});
