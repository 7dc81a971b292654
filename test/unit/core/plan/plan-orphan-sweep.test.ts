import { describe, expect, it } from 'vitest';
import { planOrphanSweep, type ObservationFailure } from '../../../../src/core/plan';
import { GONE, endpointId, handMadeRecord, observation, ownedRecord, planContext, record } from './fixtures';

const T0 = '2030-01-01T00:00:00.000Z';
const findOrphans = (...args: Parameters<typeof planOrphanSweep>) => planOrphanSweep(...args).orphans;
const actions = (orphans: ReturnType<typeof findOrphans>) =>
  orphans.map((o) => `${o.action} ${o.owned ? 'owned' : 'unowned'} ${o.resourceId}`);

describe('planOrphanSweep', () => {
  const world = observation({
    records: [
      ...observation().records,
      handMadeRecord('legacy', ['10.0.9.9'], { owner: 'team' }),
      {
        ...ownedRecord('elsewhere', ['10.0.9.8'], [GONE]),
        metadata: { managedBy: 'privatelink-autopilot', autopilotInstance: 'prod-eu' },
      },
      ownedRecord('marked', ['10.0.9.7'], [GONE], { autopilotOrphanedSince: '2029-12-31T23:30:00.000Z' }),
    ],
  });

  const cases: Array<{ name: string; graceMinutes?: number; maxDeletions: number; expected: string[] }> = [
    {
      name: 'without a grace (a person asked): owned orphans are deleted, others left',
      maxDeletions: 50,
      expected: [
        `delete owned ${record('acct-northeurope')}`,
        `leave unowned ${record('elsewhere')}`,
        `delete owned ${record('gone')}`,
        `leave unowned ${record('legacy')}`,
        `delete owned ${record('marked')}`,
      ],
    },
    {
      name: 'with a grace (the timer): unmarked orphans are marked, marked ones wait out the grace',
      graceMinutes: 60,
      maxDeletions: 50,
      expected: [
        `mark owned ${record('acct-northeurope')}`,
        `leave unowned ${record('elsewhere')}`,
        `mark owned ${record('gone')}`,
        `leave unowned ${record('legacy')}`,
        `wait owned ${record('marked')}`,
      ],
    },
    {
      name: 'past the grace, a marked orphan is deleted',
      graceMinutes: 20,
      maxDeletions: 50,
      expected: [
        `mark owned ${record('acct-northeurope')}`,
        `leave unowned ${record('elsewhere')}`,
        `mark owned ${record('gone')}`,
        `leave unowned ${record('legacy')}`,
        `delete owned ${record('marked')}`,
      ],
    },
    {
      name: 'beyond the deletion limit, deletes are deferred',
      maxDeletions: 1,
      expected: [
        `delete owned ${record('acct-northeurope')}`,
        `leave unowned ${record('elsewhere')}`,
        `defer owned ${record('gone')}`,
        `leave unowned ${record('legacy')}`,
        `defer owned ${record('marked')}`,
      ],
    },
  ];

  it.each(cases)('$name', ({ graceMinutes, maxDeletions, expected }) => {
    const orphans = findOrphans(planContext, world, {
      now: T0,
      maxDeletions,
      ...(graceMinutes === undefined ? {} : { graceMinutes }),
    });
    expect(actions(orphans)).toEqual(expected);
  });

  it('never lists a record a live endpoint claims', () => {
    const orphans = findOrphans(planContext, world, { now: T0, maxDeletions: 50 });
    expect(orphans.map((o) => o.resourceId)).not.toContain(record('acct'));
    expect(orphans.map((o) => o.resourceId)).not.toContain(record('acct-westus'));
  });

  it('holds every delete while an endpoint could not be read', () => {
    const failures: ObservationFailure[] = [
      {
        stage: 'endpoint',
        resourceId: endpointId('pe-x'),
        code: 'InternalServerError',
        message: 'boom',
        transient: true,
      },
    ];
    const orphans = findOrphans(planContext, { ...world, failures }, { now: T0, maxDeletions: 50 });
    expect(orphans.filter((o) => o.owned).map((o) => o.action)).toEqual(['hold', 'hold', 'hold']);
    expect(orphans[0]?.reason).toContain('pe-x could not be observed');
  });
});
