/**
 * The fleet report's pure parts: one row per target from a whole-scope observation, each judged by the doctor; the
 * summary counts defined from the doctor's statuses; DNS per name and zone copy; failover readiness per region with
 * the endpoints that do not map it; failures kept to the targets they concern; and Markdown and HTML that show every
 * value as text.
 */
import { describe, expect, it } from 'vitest';
import { buildCatalogue } from '../../../src/core/catalogue';
import { claimsResolver } from '../../../src/core/claims';
import type {
  ObservedConnection,
  ObservedEndpoint,
  ObservedRecordSet,
  ObservedZone,
  TargetSummary,
} from '../../../src/core/model';
import {
  ENDPOINTS_METADATA_KEY,
  INSTANCE_METADATA_KEY,
  OWNERSHIP_METADATA_KEY,
  OWNERSHIP_METADATA_VALUE,
} from '../../../src/core/model';
import type { ObservationFailure } from '../../../src/core/plan';
import {
  REPORT_CSP,
  buildFleetReport,
  renderReportHtml,
  renderReportMarkdown,
  type FleetReport,
} from '../../../src/core/report';
import { REPORT_SCRIPT, REPORT_STYLE } from '../../../src/core/report/html-assets';
import { HOSTILE, hostileReport } from '../../support/hostile-report';
import { createHash } from 'node:crypto';

const SUB = '7f3e5a1c-2b4d-4e6f-8a9b-0c1d2e3f4a5b';
const RG = `/subscriptions/${SUB}/resourceGroups`;
const ZONE = 'privatelink.documents.azure.com';
const VAULT_ZONE = 'privatelink.vaultcore.azure.net';
const VNET_EAST = `${RG}/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-east`;
const VNET_WEST = `${RG}/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-west`;
const ZONE_EAST = `${RG}/rg-dns-east/providers/Microsoft.Network/privateDnsZones/${ZONE}`;
const ZONE_WEST = `${RG}/rg-dns-west/providers/Microsoft.Network/privateDnsZones/${ZONE}`;
const VAULT_ZONE_ID = `${RG}/rg-dns-east/providers/Microsoft.Network/privateDnsZones/${VAULT_ZONE}`;
const INSTANCE = 'prod';
const REGIONS = [
  { name: 'East US', failoverPriority: 0 },
  { name: 'West US', failoverPriority: 1 },
];

const account = (name: string) => `${RG}/rg-data/providers/Microsoft.DocumentDB/databaseAccounts/${name}`;
const endpointId = (name: string) => `${RG}/rg-app/providers/Microsoft.Network/privateEndpoints/${name}`;
const VAULT = `${RG}/rg-kv/providers/Microsoft.KeyVault/vaults/kv-app`;

function cosmos(name: string): TargetSummary {
  return {
    id: account(name),
    type: 'Microsoft.DocumentDB/databaseAccounts',
    name,
    tags: {},
    cosmos: { kind: 'GlobalDocumentDB', api: 'Sql', capabilities: [], regions: REGIONS },
  } as TargetSummary;
}

function endpoint(name: string, target: string, members: Record<string, string>, vnet = VNET_EAST): ObservedEndpoint {
  const vault = target === VAULT;
  return {
    id: endpointId(name),
    provisioningState: 'Succeeded',
    connectionStatus: 'Approved',
    actionsRequired: 'None',
    target,
    groupIds: [vault ? 'vault' : 'Sql'],
    ipConfigurations: Object.entries(members).map(([member, ipAddress]) => ({
      groupId: vault ? 'vault' : 'Sql',
      memberName: member,
      fqdns: [vault ? `${member}.vault.azure.net` : `${member}.documents.azure.com`],
      ipAddress,
    })),
    managedByZoneGroup: false,
    subnetId: `${vnet}/subnets/snet`,
  };
}

function connection(target: string, endpoint: string, status = 'Approved'): ObservedConnection {
  const name = `${endpoint.split('/').pop()}.1234`;
  return {
    id: `${target}/privateEndpointConnections/${name}`,
    name,
    targetId: target,
    targetType: target === VAULT ? 'Microsoft.KeyVault/vaults' : 'Microsoft.DocumentDB/databaseAccounts',
    targetTags: {},
    privateEndpointId: endpoint,
    groupIds: [],
    status,
    description: status === 'Pending' ? 'CHG123 <b>please</b>' : 'Auto-Approved',
  };
}

function record(zoneId: string, zone: string, name: string, ip: string, writtenFor: string): ObservedRecordSet {
  return {
    zoneId,
    zone,
    name,
    ips: [ip],
    ttl: 10,
    metadata: {
      [OWNERSHIP_METADATA_KEY]: OWNERSHIP_METADATA_VALUE,
      [INSTANCE_METADATA_KEY]: INSTANCE,
      [ENDPOINTS_METADATA_KEY]: writtenFor.toLowerCase(),
    },
  };
}

const zones: ObservedZone[] = [
  { id: ZONE_EAST, name: ZONE, linkedVirtualNetworkIds: [VNET_EAST] },
  { id: ZONE_WEST, name: ZONE, linkedVirtualNetworkIds: [VNET_WEST] },
  { id: VAULT_ZONE_ID, name: VAULT_ZONE, linkedVirtualNetworkIds: [VNET_EAST] },
];

/**
 * - `bare`: an account without endpoint or connection, nothing found: no row.
 * - `good`: one endpoint, every member mapped with its record in the east copy: healthy.
 * - `split`: two endpoints; `pe-split-b` (west network) has no IP for West US: broken, and the region names it.
 * - `kv-app`: its connection is Pending: needs a human.
 * - `dim`: its records' zone copy could not be read: unknown.
 * The `good` account's endpoint reuses an IP of `dim`'s (two networks, one address plan): no stale record either way.
 */
function observation(failures: ObservationFailure[] = []) {
  const good = endpoint('pe-good', account('good'), {
    good: '10.0.0.4',
    'good-eastus': '10.0.0.5',
    'good-westus': '10.0.0.6',
  });
  const splitA = endpoint('pe-split-a', account('split'), {
    split: '10.0.1.4',
    'split-eastus': '10.0.1.5',
    'split-westus': '10.0.1.6',
  });
  const splitB = endpoint('pe-split-b', account('split'), { split: '10.9.1.4', 'split-eastus': '10.9.1.5' }, VNET_WEST);
  const vault = endpoint('pe-kv', VAULT, { 'kv-app': '10.0.2.4' });
  vault.connectionStatus = 'Pending';
  const dim = endpoint(
    'pe-dim',
    account('dim'),
    { dim: '10.0.0.4', 'dim-eastus': '10.0.3.5', 'dim-westus': '10.0.3.6' },
    VNET_WEST,
  );
  const east = (name: string, ip: string, pe: ObservedEndpoint) => record(ZONE_EAST, ZONE, name, ip, pe.id);
  const west = (name: string, ip: string, pe: ObservedEndpoint) => record(ZONE_WEST, ZONE, name, ip, pe.id);
  return {
    endpoints: [good, splitA, splitB, vault, dim],
    zones,
    records: [
      east('good', '10.0.0.4', good),
      east('good-eastus', '10.0.0.5', good),
      east('good-westus', '10.0.0.6', good),
      east('split', '10.0.1.4', splitA),
      east('split-eastus', '10.0.1.5', splitA),
      east('split-westus', '10.0.1.6', splitA),
      west('split', '10.9.1.4', splitB),
      west('split-eastus', '10.9.1.5', splitB),
      west('dim', '10.0.0.4', dim),
      west('dim-eastus', '10.0.3.5', dim),
      west('dim-westus', '10.0.3.6', dim),
    ],
    targets: [
      cosmos('bare'),
      cosmos('good'),
      cosmos('split'),
      cosmos('dim'),
      { id: VAULT, type: 'Microsoft.KeyVault/vaults', name: 'kv-app', tags: {} },
    ],
    connections: [
      connection(account('good'), good.id),
      connection(account('split'), splitA.id),
      connection(account('split'), splitB.id),
      connection(VAULT, vault.id, 'Pending'),
      connection(account('dim'), dim.id),
    ],
    failures,
  };
}

const DIM_ZONE_FAILURE: ObservationFailure = {
  stage: 'records',
  resourceId: ZONE_WEST,
  code: 'Throttled',
  message: 'too many requests',
  transient: true,
};

function report(failures: ObservationFailure[] = []): FleetReport {
  const observed = observation(failures);
  // A zone whose records could not be read is left out of the observation, as engine/observe does.
  const unreadable = new Set(failures.filter((f) => f.stage === 'records').map((f) => f.resourceId));
  return buildFleetReport({
    observation: {
      ...observed,
      zones: observed.zones.filter((z) => !unreadable.has(z.id)),
      records: observed.records.filter((r) => !unreadable.has(r.zoneId)),
    },
    options: {
      claimsOf: claimsResolver(buildCatalogue([])),
      targetZoneNames: (type) => (type === 'Microsoft.KeyVault/vaults' ? [VAULT_ZONE] : [ZONE]),
      options: { instanceId: INSTANCE, ownershipMode: 'owned-only' },
    },
    generatedAt: new Date('2030-01-01T00:00:00Z'),
  });
}

const row = (r: FleetReport, name: string) => {
  const found = r.targets.find((t) => t.name === name);
  if (!found) throw new Error(`no row ${name} in ${r.targets.map((t) => t.name).join(', ')}`);
  return found;
};

describe('the fleet report model', () => {
  it('is exactly {generatedAt, summary, targets, failures, complete}, one row per target, worst first', () => {
    const r = report();
    expect(Object.keys(r)).toEqual(['generatedAt', 'summary', 'targets', 'failures', 'complete']);
    expect(r.generatedAt).toBe('2030-01-01T00:00:00.000Z');
    expect(r.targets.map((t) => `${t.status} ${t.name}`)).toEqual([
      'broken split',
      'needs-human kv-app',
      'healthy dim',
      'healthy good',
    ]);
    expect(r.summary).toEqual({ targets: 4, healthy: 2, needsHuman: 1, broken: 1, unknown: 0, endpoints: 5 });
    // `bare` has no endpoint, no connection and nothing found: not a Private Link target of this report.
    expect(r.targets.map((t) => t.name)).not.toContain('bare');
    expect(r.complete).toBe(true);
    expect(r.failures).toEqual([]);
  });

  it("counts each status from the doctor's: error → broken, warning → needs a human, unknown → unknown, else healthy", () => {
    const r = report([DIM_ZONE_FAILURE]);
    for (const t of r.targets) {
      const worst =
        t.counts.error > 0
          ? 'broken'
          : t.counts.warning > 0
            ? 'needs-human'
            : t.counts.unknown > 0
              ? 'unknown'
              : 'healthy';
      expect(t.status, t.name).toBe(worst);
      expect(t.counts).toEqual(
        Object.fromEntries(
          ['ok', 'warning', 'error', 'info', 'unknown'].map((s) => [
            s,
            t.findings.filter((f) => f.status === s).length,
          ]),
        ),
      );
    }
    const counted = { healthy: 0, needsHuman: 0, broken: 0, unknown: 0 };
    for (const t of r.targets) counted[t.status === 'needs-human' ? 'needsHuman' : t.status] += 1;
    expect(r.summary).toMatchObject(counted);
  });

  it('names the endpoint that does not map a region (the Cosmos DB failover limitation), per region', () => {
    const split = row(report(), 'split');
    expect(split.failover.map((f) => [f.region, f.ready, f.unmappedBy])).toEqual([
      ['East US', true, []],
      ['West US', false, [endpointId('pe-split-b')]],
    ]);
    const westUs = split.failover[1];
    expect(westUs?.status).toBe('error');
    expect(westUs?.action).toContain(`apply --resource ${endpointId('pe-split-b')}`);
    expect(split.findings.find((f) => f.status === 'error')?.check).toBe('failover-readiness');
  });

  it('shows DNS per claimed name and the zone copy it was judged in (resource group and zone)', () => {
    const split = row(report(), 'split');
    const dns = split.dns.map(
      (d) => `${d.fqdn} ${d.expectedIp} ${d.state} ${d.zoneCopy?.resourceGroup}/${d.zoneCopy?.zone}`,
    );
    expect(dns).toEqual([
      `split.${ZONE} 10.0.1.4 ok rg-dns-east/${ZONE}`,
      `split-eastus.${ZONE} 10.0.1.5 ok rg-dns-east/${ZONE}`,
      `split-westus.${ZONE} 10.0.1.6 ok rg-dns-east/${ZONE}`,
      `split.${ZONE} 10.9.1.4 ok rg-dns-west/${ZONE}`,
      `split-eastus.${ZONE} 10.9.1.5 ok rg-dns-west/${ZONE}`,
    ]);
    expect(split.dns[0]?.zoneCopy).toEqual({
      zoneId: ZONE_EAST,
      subscriptionId: SUB,
      resourceGroup: 'rg-dns-east',
      zone: ZONE,
    });
  });

  it('lists endpoints and connection states, with what to do about a Pending connection', () => {
    const vault = row(report(), 'kv-app');
    expect(vault.endpoints.map((e) => `${e.name} ${e.connectionStatus}`)).toEqual(['pe-kv Pending']);
    expect(vault.connections.map((c) => `${c.name} ${c.status} ${c.description}`)).toEqual([
      'pe-kv.1234 Pending CHG123 <b>please</b>',
    ]);
    const pending = vault.findings.find((f) => f.check === 'connection-status');
    expect(pending).toMatchObject({ status: 'warning' });
    expect(pending?.action).toMatch(/approves or rejects it/);
  });

  it("does not call a record stale for one target because another target's endpoint claims it", () => {
    // pe-good's global record holds 10.0.0.4, the IP pe-dim also has (another network): it is good's, not dim's stale one.
    const dim = row(report(), 'dim');
    expect(dim.findings.filter((f) => f.check === 'stale-records').map((f) => f.status)).toEqual(['ok']);
  });

  it('keeps a failure to the targets it concerns, says the report is incomplete, and lists it once', () => {
    const r = report([DIM_ZONE_FAILURE, DIM_ZONE_FAILURE]);
    expect(r.complete).toBe(false);
    expect(r.failures).toEqual([
      { stage: 'records', resourceId: ZONE_WEST, code: 'Throttled', message: 'too many requests' },
    ]);
    const observationFindings = (name: string) => row(r, name).findings.filter((f) => f.check === 'observation');
    // Every Cosmos DB account's names live in privatelink.documents.azure.com, whose west copy could not be read.
    expect(observationFindings('dim')).toHaveLength(1);
    expect(observationFindings('kv-app')).toEqual([]);
    expect(row(r, 'kv-app').status).toBe('needs-human');
  });

  it('keeps a listing failure of a whole subscription for every target', () => {
    const r = report([
      {
        stage: 'endpoints',
        resourceId: `/subscriptions/${SUB}`,
        code: 'AuthorizationFailed',
        message: 'no',
        transient: false,
      },
    ]);
    for (const t of r.targets)
      expect(
        t.findings.some((f) => f.check === 'observation'),
        t.name,
      ).toBe(true);
    expect(row(r, 'good').status).toBe('unknown');
  });
});

describe('the report as Markdown', () => {
  it('has the summary counts first, a row per target, what to do, and says when it is incomplete', () => {
    const r = report([DIM_ZONE_FAILURE]);
    const md = renderReportMarkdown(r);
    const lines = md.split('\n');
    expect(lines[0]).toBe('# Private Link fleet report');
    expect(md).toMatch(/INCOMPLETE: 1 read failed/);
    expect(md).toContain(
      `| ${r.summary.healthy} | ${r.summary.needsHuman} | ${r.summary.broken} | ${r.summary.unknown} |`,
    );
    expect(md.indexOf('| Healthy |')).toBeLessThan(md.indexOf('## Targets'));
    for (const t of r.targets)
      expect(lines.filter((l) => l.startsWith(`| **`) && l.includes(`| ${t.name} |`))).toHaveLength(1);
    expect(md).toContain('West US: not mapped by pe-split-b');
    expect(md).toContain('## Not read');
    expect(md).toContain('CHG123 \\<b\\>please\\</b\\>');
  });

  it('escapes every value: a hostile name adds no HTML, link, emphasis or table cell', () => {
    const md = renderReportMarkdown(hostileReport());
    expect(md).not.toMatch(/(^|[^\\])<(?!br>)/);
    expect(md).not.toMatch(/(^|[^\\])\[link\]/);
    expect(md).not.toMatch(/(^|[^\\])\*\*bold/);
    const targetRow = md.split('\n').find((l) => l.startsWith('| **broken**')) as string;
    expect(targetRow.replace(/\\\|/g, '').split('|')).toHaveLength(8);
  });
});

describe('the report as HTML', () => {
  const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

  it('allows by hash exactly its own style and script, and loads nothing from elsewhere', () => {
    const html = renderReportHtml(report());
    expect(REPORT_CSP).toContain(`style-src ${sha(REPORT_STYLE)}`);
    expect(REPORT_CSP).toContain(`script-src ${sha(REPORT_SCRIPT)}`);
    expect(REPORT_CSP).toMatch(/^default-src 'none'/);
    expect(html).toContain(`<style>${REPORT_STYLE}</style>`);
    expect(html).toContain(`<script>${REPORT_SCRIPT}</script>`);
    expect(html).not.toMatch(/\b(src|href)="(?!data:)/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('shows the summary counts first and a row per target with its status', () => {
    const r = report();
    const html = renderReportHtml(r);
    expect(html).toMatch(new RegExp(`id="count-broken"[^>]*><span class="n">${r.summary.broken}</span>`));
    expect(html.indexOf('class="summary"')).toBeLessThan(html.indexOf('id="targets"'));
    expect(html.match(/<tr data-status="/g)).toHaveLength(r.targets.length);
    expect(html).not.toContain('id="incomplete"');
    expect(renderReportHtml(report([DIM_ZONE_FAILURE]))).toContain('id="incomplete"');
  });

  it('escapes every value: a hostile name adds no element, attribute or row', () => {
    const html = renderReportHtml(hostileReport());
    expect(html.match(/<script/g)).toHaveLength(1);
    // Escaped text holds no "<", so every tag here is the page's own: none may be the hostile value's.
    // Escaped text holds no '"' either, so dropping quoted values leaves each tag's name and attribute names.
    const tags = (html.replace(`<script>${REPORT_SCRIPT}</script>`, '').match(/<[^>]*>/g) ?? []).map((tag) =>
      tag.replace(/"[^"]*"/g, '""'),
    );
    expect(tags.filter((tag) => /\son\w+=|^<\/?(img|a|iframe|script)\b/i.test(tag))).toEqual([]);
    expect(html.match(/<tr data-status=/g)).toHaveLength(1);
    expect(html).toContain('&lt;img src=x onerror=&quot;window.pwned=1&quot;&gt;');
    expect(HOSTILE).toContain('<img');
  });
});
