import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OUTCOME_EVENTS_LOG_PREFIX } from '../../../src/activities/outcome-events';
import {
  OUTCOME_EVENT_TYPES,
  outcomeEvents,
  outcomeEventSource,
  readOutcomeForEvents,
  reportUrlOf,
  type OutcomeForEvents,
} from '../../../src/core/outcome-events';

const TARGET = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv';
const base: OutcomeForEvents = {
  orchestration: 'reconcileTarget',
  instanceId: 'reconcile-kv',
  resourceId: TARGET,
  pass: 1,
  dryRun: false,
  complete: true,
  pendingConnections: [],
  conflictNames: [],
};
const TIME = '2026-12-07T06:00:00.000Z';
const options = {
  source: outcomeEventSource('default'),
  reportUrl: 'https://app.example/api/report',
  final: true,
  time: TIME,
};

describe('outcome events (pure mapping)', () => {
  it('a complete run: one RunCompleted about the run’s resource, with the outcome and the report link', () => {
    expect(outcomeEvents(base, options)).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
        time: TIME,
        type: 'PrivateLinkAutopilot.RunCompleted',
        source: '/privatelink-autopilot/instances/default',
        subject: TARGET,
        data: { outcome: base, reportUrl: 'https://app.example/api/report' },
      },
    ]);
  });

  it('an incomplete run: RunIncomplete', () => {
    expect(outcomeEvents({ ...base, complete: false }, options).map((e) => e.type)).toEqual([
      OUTCOME_EVENT_TYPES.runIncomplete,
    ]);
  });

  it('a connection left for a human: ConnectionNeedsHuman about the connection, with its cause', () => {
    const connection = { resourceId: `${TARGET}/privateEndpointConnections/c1`, cause: 'connection-left-pending' };
    const [event] = outcomeEvents({ ...base, pendingConnections: [connection] }, options);
    expect(event).toMatchObject({
      type: OUTCOME_EVENT_TYPES.connectionNeedsHuman,
      subject: connection.resourceId,
      data: { connection },
    });
  });

  it('a conflict: ConflictFound about the record set, with its name', () => {
    const conflict = { resourceId: '/zones/z/A/kv', fqdn: 'kv.privatelink.vaultcore.azure.net' };
    const [event] = outcomeEvents({ ...base, conflictNames: [conflict] }, options);
    expect(event).toMatchObject({
      type: OUTCOME_EVENT_TYPES.conflictFound,
      subject: '/zones/z/A/kv',
      data: { conflict },
    });
  });

  it('a drift repair: DriftRepaired, even from a pass that is not the last (state events wait for the last)', () => {
    const drift = { resourceId: '/zones/z/A/kv', found: 'record-missing' };
    const outcome = { ...base, drift: [drift], pendingConnections: [{ resourceId: '/c', cause: 'x' }] };
    expect(outcomeEvents(outcome, { ...options, final: false })).toEqual([
      expect.objectContaining({
        type: OUTCOME_EVENT_TYPES.driftRepaired,
        subject: drift.resourceId,
        data: expect.objectContaining({ drift }),
      }),
    ]);
    expect(outcomeEvents(outcome, options).map((e) => e.type)).toEqual([
      OUTCOME_EVENT_TYPES.driftRepaired,
      OUTCOME_EVENT_TYPES.connectionNeedsHuman,
      OUTCOME_EVENT_TYPES.runCompleted,
    ]);
  });

  it('ids are stable for one pass, type and subject, and differ otherwise, also for a later run of the instance', () => {
    const [a] = outcomeEvents(base, options);
    const [b] = outcomeEvents(base, options);
    const [c] = outcomeEvents({ ...base, pass: 2 }, options);
    const [later] = outcomeEvents(base, { ...options, time: '2026-12-08T06:00:00.000Z' });
    expect(a?.id).toBe(b?.id);
    expect(a?.id).not.toBe(c?.id);
    expect(a?.id).not.toBe(later?.id);
  });

  it('leaves the report link out when the app’s address is unknown', () => {
    const [event] = outcomeEvents(base, { source: 's', final: true, time: TIME });
    expect(event?.data).toEqual({ outcome: base });
  });

  it('the report link: https for the app’s host name, http for a loopback host (Core Tools, the local host)', () => {
    expect(reportUrlOf('autopilot.azurewebsites.net')).toBe('https://autopilot.azurewebsites.net/api/report');
    expect(reportUrlOf('localhost:7071')).toBe('http://localhost:7071/api/report');
    expect(reportUrlOf('127.0.0.1:4000')).toBe('http://127.0.0.1:4000/api/report');
    expect(reportUrlOf(undefined)).toBeUndefined();
    expect(reportUrlOf(' ')).toBeUndefined();
  });

  it('reads an outcome handed over as JSON, naming a wrong field', () => {
    expect(readOutcomeForEvents('w', { ...base, extra: 1 })).toMatchObject({ instanceId: 'reconcile-kv' });
    const { pendingConnections: _p, conflictNames: _c, ...older } = base;
    expect(readOutcomeForEvents('w', older)).toMatchObject({ pendingConnections: [], conflictNames: [] });
    expect(() => readOutcomeForEvents('w', { ...base, pass: '1' })).toThrow(/^w\.pass: expected a whole number/);
    expect(() => readOutcomeForEvents('w', { ...base, conflictNames: [{ resourceId: 1 }] })).toThrow(
      /w\.conflictNames: expected a list of \{resourceId, fqdn\}/,
    );
    expect(() => readOutcomeForEvents('w', null)).toThrow(/^w: expected a run outcome/);
  });
});

describe('docs/outcome-events.md', () => {
  const ROOT = join(__dirname, '../../..');
  const doc = readFileSync(join(ROOT, 'docs/outcome-events.md'), 'utf8');

  it.each(Object.values(OUTCOME_EVENT_TYPES))('documents the event type %s', (type) => {
    expect(doc).toContain(`\`${type}\``);
  });

  it('quotes the failure line and the source as the code writes them', () => {
    expect(doc).toContain(`\`${OUTCOME_EVENTS_LOG_PREFIX}not published:`);
    expect(doc).toContain(outcomeEventSource('default'));
  });

  it('documents every outcome topic and alert parameter of infra/main.bicep', () => {
    const main = readFileSync(join(ROOT, 'infra/main.bicep'), 'utf8');
    const params = [...main.matchAll(/^param ((?:outcomeTopic|alert)\w*) /gm)].map((m) => m[1] as string);
    expect(params.length).toBeGreaterThanOrEqual(11);
    for (const param of params) expect(doc, param).toContain(`\`${param}\``);
  });
});
