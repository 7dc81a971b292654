import { describe, expect, it } from 'vitest';
import {
  driftFound,
  driftRepair,
  recordsToRead,
  judgeRecord,
  MAX_CLAIMANT_RUNS,
  type RecordVerdict,
} from '../../../src/core/drift';
import { ownedMetadata } from '../../../src/core/plan/dns/ownership';
import type { ObservedRecordSet } from '../../../src/core/model';
import { E1, ZONE_ID, endpointId, ownedRecord } from './plan/fixtures';

const ID = `${ZONE_ID}/A/acct`;
const everywhere = () => true;

function written(ips: string[], ttl = 10, endpoints = [E1.toLowerCase()]): ObservedRecordSet {
  return {
    ...ownedRecord('acct', ips, []),
    ttl,
    metadata: ownedMetadata({ owner: 'team-data' }, 'default', endpoints, { ips, ttl }),
  };
}

describe('judgeRecord: one read of a written record', () => {
  it('finds the autopilot’s own write as written: nothing to do', () => {
    expect(judgeRecord(ID, written(['10.0.0.4']), 'default', everywhere).verdict).toBe('as-written');
    // The IPs' order does not matter.
    const two = written(['10.0.0.5', '10.0.0.4']);
    expect(judgeRecord(ID, { ...two, ips: ['10.0.0.4', '10.0.0.5'] }, 'default', everywhere).verdict).toBe(
      'as-written',
    );
  });

  it('finds a record of ours whose IP or TTL someone changed, naming its claimants', () => {
    const record = written(['10.0.0.4']);
    expect(judgeRecord(ID, { ...record, ips: ['192.0.2.99'] }, 'default', everywhere)).toEqual({
      recordSetId: ID,
      verdict: 'changed',
      claimants: [E1.toLowerCase()],
    });
    expect(judgeRecord(ID, { ...record, ttl: 3600 }, 'default', everywhere).verdict).toBe('changed');
    // Written before the stamp existed: its content cannot be vouched for.
    expect(judgeRecord(ID, ownedRecord('acct', ['10.0.0.4'], [E1]), 'default', everywhere).verdict).toBe('changed');
  });

  it('keeps only claimants in scope', () => {
    const record = { ...written(['10.0.0.4']), ips: ['192.0.2.99'] };
    expect(judgeRecord(ID, record, 'default', () => false)).toEqual({
      recordSetId: ID,
      verdict: 'changed',
      claimants: [],
    });
  });

  it('tells a missing record, a taken-over one and another instance’s apart', () => {
    expect(judgeRecord(ID, undefined, 'default', everywhere).verdict).toBe('missing');
    const takenOver = { ...written(['10.0.0.4']), metadata: { owner: 'team-data' } };
    expect(judgeRecord(ID, takenOver, 'default', everywhere).verdict).toBe('not-ours');
    expect(judgeRecord(ID, written(['10.0.0.4']), 'staging', everywhere).verdict).toBe('other-instance');
  });
});

describe('driftRepair: what a zone copy’s run does', () => {
  const changed = (claimants: string[]): RecordVerdict => ({ recordSetId: ID, verdict: 'changed', claimants });

  it('does nothing when every record holds what an autopilot wrote (its own writes: no write)', () => {
    expect(driftRepair([], [{ recordSetId: ID, verdict: 'as-written' }])).toMatchObject({
      claimants: [],
      zonePass: false,
    });
    expect(driftRepair([], [{ recordSetId: ID, verdict: 'other-instance' }]).zonePass).toBe(false);
  });

  it('reconciles the claimants of changed records, once each', () => {
    expect(driftRepair([], [changed([E1]), changed([E1.toLowerCase()])])).toMatchObject({
      claimants: [E1.toLowerCase()],
      zonePass: false,
    });
  });

  it('makes one zone pass for deletions, whatever their number, and for records whose claimants are unknown', () => {
    const storm = Array.from({ length: 200 }, (_, i) => `${ZONE_ID}/A/r${i}`);
    expect(driftRepair(storm, [])).toMatchObject({ claimants: [], zonePass: true });
    expect(driftRepair([], [{ recordSetId: ID, verdict: 'missing' }]).zonePass).toBe(true);
    expect(driftRepair([], [{ recordSetId: ID, verdict: 'not-ours' }]).zonePass).toBe(true);
    expect(driftRepair([], [{ recordSetId: ID, verdict: 'unread' }]).zonePass).toBe(true);
    expect(driftRepair([], [changed([])]).zonePass).toBe(true);
  });

  it('makes one zone pass when more events came than a run lists, whatever the verdicts', () => {
    expect(driftRepair([], [changed([E1])], true)).toMatchObject({ claimants: [], zonePass: true });
  });

  it('reads written records only when no zone pass is certain already', () => {
    const written = [ID];
    expect(recordsToRead(written, [], false)).toEqual([ID]);
    expect(recordsToRead(written, [`${ZONE_ID}/A/gone`], false)).toEqual([]);
    expect(recordsToRead(written, [], true)).toEqual([]);
  });

  it('makes one zone pass instead of many claimant runs', () => {
    const many = Array.from({ length: MAX_CLAIMANT_RUNS + 1 }, (_, i) => changed([endpointId(`pe-${i}`)]));
    expect(driftRepair([], many)).toMatchObject({ claimants: [], zonePass: true });
  });
});

describe('driftFound', () => {
  it('names a create record-missing, an update record-changed and a left-alone record taken over', () => {
    const other = `${ZONE_ID}/A/other`;
    const third = `${ZONE_ID}/A/third`;
    expect(
      driftFound(
        [
          { kind: 'dns-create', resourceId: ID, made: true },
          { kind: 'dns-update', resourceId: other, made: true },
          { kind: 'dns-update', resourceId: third, made: false },
          { kind: 'endpoint-refresh', resourceId: E1, made: true },
        ],
        [{ resourceId: third }],
      ),
    ).toEqual([
      { resourceId: ID, found: 'record-missing' },
      { resourceId: other, found: 'record-changed' },
      { resourceId: third, found: 'record-taken-over' },
    ]);
  });
});
