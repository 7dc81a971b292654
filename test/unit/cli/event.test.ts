import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EVENT_INTENTS } from '../../../src/core/events';
import { runCliCaptured } from '../../support/run-cli';

const FIXTURES = join(__dirname, '../../fixtures');
const REFERENCE = join(FIXTURES, 'reference/eventgrid');
const OWN = join(FIXTURES, 'events');
const IN_SCOPE = '11111111-1111-1111-1111-111111111111';
const OUT_OF_SCOPE = '99999999-9999-9999-9999-999999999999';

let scratch: string;

beforeEach(() => {
  vi.stubEnv('AUTOPILOT_SCOPE_SUBSCRIPTIONS', '');
  scratch = mkdtempSync(join(tmpdir(), 'event-explain-'));
});

afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(scratch, { recursive: true, force: true });
});

interface ExplainedJson {
  eventId: string;
  eventType: string;
  resourceId: string;
  operationName: string;
  intent: string;
  reason: string;
  subjectId?: string;
  file: string;
}

async function explainJson(...args: string[]): Promise<{ code: number; events: ExplainedJson[]; stderr: string }> {
  const { code, stdout, stderr } = await runCliCaptured(['event', 'explain', '--json', ...args]);
  return { code, events: JSON.parse(stdout) as ExplainedJson[], stderr };
}

function scratchFile(name: string, content: string): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

describe('event explain on the published reference events', () => {
  const cases = [
    // Microsoft.Storage/storageAccounts/write
    { file: 'event-grid-schema/resource_write_success.json', intent: 'reconcile-target' },
    // Microsoft.Storage/storageAccounts/delete
    { file: 'event-grid-schema/resource_delete_success.json', intent: 'reconcile-target' },
    // Microsoft.EventHub/namespaces/AuthorizationRules/listKeys/action
    { file: 'event-grid-schema/resource_action_success.json', intent: 'ignored' },
    // CloudEvents 1.0: Microsoft.Storage/storageAccounts/write
    { file: 'cloud-events-schema/resource_write_success.json', intent: 'reconcile-target' },
  ];

  it.each(cases)('$file → $intent', async ({ file, intent }) => {
    const { code, events } = await explainJson(join(REFERENCE, file));
    expect(code).toBe(0);
    expect(events).toHaveLength(1);
    expect(Object.keys(events[0] ?? {})).toEqual(
      expect.arrayContaining(['eventId', 'eventType', 'resourceId', 'operationName', 'intent', 'reason']),
    );
    expect(events[0]?.intent).toBe(intent);
    expect(EVENT_INTENTS).toContain(events[0]?.intent);
  });

  it('explains each file of several, and arrays of events, in order', async () => {
    const array = JSON.stringify(cases.map(({ file }) => JSON.parse(readFileSync(join(REFERENCE, file), 'utf8'))));
    const arrayFile = scratchFile('all.json', array);
    const { code, events } = await explainJson(...cases.map(({ file }) => join(REFERENCE, file)), arrayFile);
    expect(code).toBe(0);
    const intents = cases.map((c) => c.intent);
    expect(events.map((e) => e.intent)).toEqual([...intents, ...intents]);
    expect(events.slice(4).every((e) => e.file === arrayFile)).toBe(true);
    expect(events[2]).toMatchObject({
      eventType: 'Microsoft.Resources.ResourceActionSuccess',
      operationName: 'Microsoft.EventHub/namespaces/AuthorizationRules/listKeys/action',
      resourceId:
        '/subscriptions/{subscription-id}/resourceGroups/{resource-group}/providers/Microsoft.EventHub/namespaces/{namespace}/AuthorizationRules/RootManageSharedAccessKey',
      eventId: '{ID}',
    });
  });

  it('says once on stderr that every subscription is in scope when none is configured', async () => {
    const { stderr } = await explainJson(
      join(REFERENCE, 'event-grid-schema/resource_write_success.json'),
      join(REFERENCE, 'event-grid-schema/resource_delete_success.json'),
    );
    expect(stderr.match(/every subscription is in scope/g)).toHaveLength(1);
  });
});

describe('event explain on the project fixtures', () => {
  const cases = [
    { name: 'cosmos-account-write', intent: 'reconcile-target' },
    { name: 'endpoint-write', intent: 'endpoint-written' },
    { name: 'endpoint-delete', intent: 'endpoint-deleted' },
    { name: 'connection-proxy-write', intent: 'connection-changed' },
    { name: 'zone-group-write', intent: 'endpoint-written' },
    { name: 'out-of-scope-subscription', intent: 'ignored' },
    { name: 'unrelated-type', intent: 'ignored' },
  ];

  for (const schema of ['eventgrid', 'cloudevents']) {
    it(`${schema}: every fixture gets its intent with --scope`, async () => {
      const { code, events, stderr } = await explainJson(
        '--scope',
        IN_SCOPE,
        ...cases.map(({ name }) => join(OWN, schema, `${name}.json`)),
      );
      expect(code).toBe(0);
      expect(events.map((e) => [e.file.split('/').pop(), e.intent])).toEqual(
        cases.map(({ name, intent }) => [`${name}.json`, intent]),
      );
      expect(stderr).toBe('');
    });

    it(`${schema}: malformed events give exit 1, name the field, and the good event is still printed`, async () => {
      const file = join(OWN, schema, 'malformed.json');
      const { code, events, stderr } = await explainJson('--scope', IN_SCOPE, file);
      expect(code).toBe(1);
      expect(events.map((e) => e.intent)).toEqual(['reconcile-target']);
      expect(stderr).toContain(`${file}: event[1].data.operationName: expected a string`);
      expect(stderr).toContain(`${file}: event[2].${schema === 'eventgrid' ? 'topic' : 'specversion'}:`);
    });
  }

  it('reads the scope from AUTOPILOT_SCOPE_SUBSCRIPTIONS when no --scope is given', async () => {
    vi.stubEnv('AUTOPILOT_SCOPE_SUBSCRIPTIONS', OUT_OF_SCOPE);
    const { events, stderr } = await explainJson(
      join(OWN, 'eventgrid/cosmos-account-write.json'),
      join(OWN, 'eventgrid/out-of-scope-subscription.json'),
    );
    expect(events.map((e) => e.intent)).toEqual(['ignored', 'reconcile-target']);
    expect(events[0]?.reason).toBe(`subscription ${IN_SCOPE} is outside the configured scope`);
    expect(stderr).toBe('');
  });

  it('lets --scope (repeatable) override AUTOPILOT_SCOPE_SUBSCRIPTIONS', async () => {
    vi.stubEnv('AUTOPILOT_SCOPE_SUBSCRIPTIONS', OUT_OF_SCOPE);
    const files = [
      join(OWN, 'eventgrid/cosmos-account-write.json'),
      join(OWN, 'eventgrid/out-of-scope-subscription.json'),
    ];
    expect((await explainJson('--scope', IN_SCOPE, ...files)).events.map((e) => e.intent)).toEqual([
      'reconcile-target',
      'ignored',
    ]);
    const both = await explainJson('--scope', IN_SCOPE, '--scope', OUT_OF_SCOPE, ...files);
    expect(both.events.map((e) => e.intent)).toEqual(['reconcile-target', 'reconcile-target']);
  });

  it('prints a readable explanation without --json', async () => {
    const file = join(OWN, 'eventgrid/connection-proxy-write.json');
    const { code, stdout } = await runCliCaptured(['event', 'explain', '--scope', IN_SCOPE, file]);
    expect(code).toBe(0);
    expect(stdout).toContain(file);
    expect(stdout).toMatch(
      /\[0\] connection-changed +Microsoft\.DocumentDB\/databaseAccounts\/privateEndpointConnectionProxies\/write/,
    );
    expect(stdout).toContain(
      `works on: target /subscriptions/${IN_SCOPE}/resourcegroups/rg-data/providers/microsoft.documentdb/databaseaccounts/contoso-cosmos`,
    );
    expect(stdout).toMatch(
      /why: +privateEndpointConnectionProxies write on target Microsoft\.DocumentDB\/databaseAccounts/,
    );
  });
});

describe('event explain routes like the function app', () => {
  const factory = `/subscriptions/${IN_SCOPE}/resourceGroups/rg-etl/providers/Microsoft.DataFactory/factories/adf-contoso`;
  const factoryWrite = () =>
    scratchFile(
      'factory-write.json',
      JSON.stringify({
        subject: factory,
        eventType: 'Microsoft.Resources.ResourceWriteSuccess',
        eventTime: '2025-06-02T09:15:27Z',
        id: 'adf-1',
        data: { resourceUri: factory, operationName: 'Microsoft.DataFactory/factories/write', status: 'Succeeded' },
        dataVersion: '2',
        metadataVersion: '1',
        topic: `/subscriptions/${IN_SCOPE}`,
      }),
    );

  it('treats the target types of AUTOPILOT_CATALOGUE_EXTENSIONS as targets', async () => {
    const file = factoryWrite();
    expect((await explainJson('--scope', IN_SCOPE, file)).events.map((e) => e.intent)).toEqual(['ignored']);
    vi.stubEnv(
      'AUTOPILOT_CATALOGUE_EXTENSIONS',
      '[{"service":"Azure Data Factory","resourceType":"Microsoft.DataFactory/factories","groupIds":["dataFactory"],"zones":[{"zone":"privatelink.datafactory.azure.net","publicSuffixes":["datafactory.azure.net"]}]}]',
    );
    expect((await explainJson('--scope', IN_SCOPE, file)).events.map((e) => e.intent)).toEqual(['reconcile-target']);
  });
});

describe('event explain usage errors', () => {
  it('exits 2 on an unreadable file', async () => {
    const { code, stdout, stderr } = await runCliCaptured(['event', 'explain', join(scratch, 'missing.json')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/cannot read .*missing\.json/);
    expect(stdout).toBe('');
  });

  it('exits 2 on a --scope that is not a subscription ID', async () => {
    const { code, stderr } = await runCliCaptured([
      'event',
      'explain',
      '--scope',
      'prod',
      join(OWN, 'eventgrid/endpoint-write.json'),
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain('expected a subscription ID (GUID), got "prod"');
  });

  it('exits 2 on an unknown flag or no file', async () => {
    expect(
      (await runCliCaptured(['event', 'explain', '--verbose', join(OWN, 'eventgrid/endpoint-write.json')])).code,
    ).toBe(2);
    expect((await runCliCaptured(['event', 'explain'])).code).toBe(2);
  });

  it('exits 2 when the configured settings are invalid, listing the problem', async () => {
    vi.stubEnv('AUTOPILOT_SCOPE_SUBSCRIPTIONS', 'not-a-guid');
    const { code, stderr } = await runCliCaptured(['event', 'explain', join(OWN, 'eventgrid/endpoint-write.json')]);
    expect(code).toBe(2);
    expect(stderr).toContain('AUTOPILOT_SCOPE_SUBSCRIPTIONS: expected subscription IDs');
  });

  it('exits 1 for a file that is not JSON and still explains the others', async () => {
    const bad = scratchFile('bad.json', '{ not json');
    const { code, events, stderr } = await explainJson(bad, join(OWN, 'eventgrid/endpoint-delete.json'));
    expect(code).toBe(1);
    expect(events.map((e) => e.intent)).toEqual(['endpoint-deleted']);
    expect(stderr).toContain(`${bad}: not valid JSON`);
  });
});

describe('byte-order marks', () => {
  it('event explain accepts a delivery that starts with a UTF-8 byte-order mark', async () => {
    const original = join(OWN, 'eventgrid/endpoint-delete.json');
    const marked = join(scratch, 'delivery.json');
    writeFileSync(marked, `\ufeff${readFileSync(original, 'utf8')}`);
    const plain = await explainJson(original);
    const { code, events, stderr } = await explainJson(marked);
    expect(stderr).not.toContain('not valid JSON');
    expect(code).toBe(0);
    expect(events.map(({ file: _file, ...rest }) => rest)).toEqual(
      plain.events.map(({ file: _file, ...rest }) => rest),
    );
  });
});

describe('event explain on record events', () => {
  const ZONE = `/subscriptions/${IN_SCOPE}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.documents.azure.com`;
  const recordEvent = (subject: string) =>
    JSON.stringify({
      subject,
      eventType: 'Microsoft.Resources.ResourceDeleteSuccess',
      eventTime: '2026-12-07T12:00:00Z',
      id: 'evt-record',
      data: {
        resourceUri: subject,
        operationName: 'Microsoft.Network/privateDnsZones/A/delete',
        status: 'Succeeded',
        subscriptionId: IN_SCOPE,
      },
      dataVersion: '2',
      metadataVersion: '1',
      topic: `/subscriptions/${IN_SCOPE}`,
    });

  it('routes them as the function app does: in the zone resource groups, to their zone copy', async () => {
    vi.stubEnv('AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS', 'rg-dns');
    const inZones = scratchFile('in.json', recordEvent(`${ZONE}/A/seed-cosmos`));
    const elsewhere = scratchFile('out.json', recordEvent(`${ZONE.replace('rg-dns', 'rg-team')}/A/seed-cosmos`));
    const { code, events } = await explainJson('--scope', IN_SCOPE, inZones, elsewhere);
    expect(code).toBe(0);
    expect(events.map((e) => e.intent)).toEqual(['record-deleted', 'ignored']);
    expect(events[0]?.subjectId).toBe(ZONE.toLowerCase());
    expect(events[1]?.reason).toMatch(/AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS/);
  });
});
