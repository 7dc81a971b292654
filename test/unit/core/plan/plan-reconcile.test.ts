import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planObserved } from '../../../../src/core/plan';
import type { ObservationFailure, ResourceFocus } from '../../../../src/core/plan';
import {
  ACCOUNT,
  E1,
  GONE,
  cosmosEndpoint,
  endpointId,
  observation,
  ownedRecord,
  planContext,
  record,
  OTHER_SUB,
  SUB,
  ZONE_ID,
} from './fixtures';

const failure = (stage: ObservationFailure['stage'], resourceId: string): ObservationFailure => ({
  stage,
  resourceId,
  code: 'InternalServerError',
  message: 'boom',
  transient: true,
});
const focusOn = (kind: ResourceFocus['kind'], resourceId: string, endpointIds: string[]): ResourceFocus => ({
  kind,
  resourceId,
  endpointIds: endpointIds.map((id) => id.toLowerCase()),
});
const changes = (plan: ReturnType<typeof planObserved>) => plan.changes.map((c) => `${c.kind} ${c.resourceId}`).sort();

describe('planObserved', () => {
  const cases: Array<{
    name: string;
    failures?: ObservationFailure[];
    focus?: ResourceFocus;
    changes: string[];
    held?: string[];
  }> = [
    {
      name: 'deletes every owned record nobody claims',
      changes: [`dns-delete ${record('acct-northeurope')}`, `dns-delete ${record('gone')}`],
    },
    {
      name: 'holds every delete while an endpoint could not be read',
      failures: [failure('endpoint', endpointId('pe-unreadable'))],
      changes: [],
      held: [record('acct-northeurope'), record('gone')],
    },
    {
      name: "holds every delete while a subscription's endpoints could not be listed",
      failures: [failure('endpoints', `/subscriptions/${SUB}`)],
      changes: [],
      held: [record('acct-northeurope'), record('gone')],
    },
    {
      name: "does not hold deletes for failures that leave claims known (a target's connections)",
      failures: [failure('connections', ACCOUNT)],
      changes: [`dns-delete ${record('acct-northeurope')}`, `dns-delete ${record('gone')}`],
    },
    {
      name: 'about one endpoint: deletes only what was written for it',
      focus: focusOn('endpoint', E1, [E1]),
      changes: [`dns-delete ${record('acct-northeurope')}`],
    },
    {
      name: 'about one target: deletes only what was written for its endpoints',
      focus: focusOn('target', ACCOUNT, [E1]),
      changes: [`dns-delete ${record('acct-northeurope')}`],
    },
    {
      name: 'about a deleted endpoint: deletes what was written for it',
      focus: focusOn('endpoint', GONE, [GONE]),
      changes: [`dns-delete ${record('gone')}`],
    },
  ];

  it.each(cases)('$name', ({ failures = [], focus, changes: expected, held = [] }) => {
    const plan = planObserved(planContext, observation({ failures, ...(focus ? { focus } : {}) }));
    expect(changes(plan)).toEqual(expected.sort());
    expect(
      plan.skipped
        .filter((s) => s.cause === 'observation-failed')
        .map((s) => s.resourceId)
        .sort(),
    ).toEqual(held.sort());
  });

  it('says a zone whose records could not be read could not be read, not that it is out of scope', () => {
    const plan = planObserved(
      planContext,
      observation({ zones: [], records: [], failures: [failure('records', ZONE_ID)] }),
    );
    const skips = plan.skipped.filter((s) => s.resourceId.endsWith('.privatelink.documents.azure.com'));
    expect(skips.map((s) => s.resourceId).sort()).toEqual([
      'acct-westus.privatelink.documents.azure.com',
      'acct.privatelink.documents.azure.com',
    ]);
    for (const skip of skips) {
      expect(skip.cause).toBe('zone-unreadable');
      expect(skip.reason).toBe(
        'zone privatelink.documents.azure.com could not be read (InternalServerError: boom); nothing is planned in it',
      );
    }
  });

  it('says the zones could not be listed when the listing failed, not that a zone is out of scope', () => {
    const plan = planObserved(
      planContext,
      observation({ zones: [], records: [], failures: [failure('zones', `/subscriptions/${SUB}`)] }),
    );
    const skips = plan.skipped.filter((s) => s.resourceId.endsWith('.privatelink.documents.azure.com'));
    expect(skips).toHaveLength(2);
    for (const skip of skips) {
      expect(skip.cause).toBe('zone-unreadable');
      expect(skip.reason).toBe(
        `its zone could not be read: the private DNS zones of /subscriptions/${SUB} could not be listed (InternalServerError: boom); nothing is planned in it`,
      );
    }
  });

  it('still says a zone that was listed and read, but is missing, is not in scope', () => {
    const plan = planObserved(
      planContext,
      observation({
        zones: [],
        records: [],
        failures: [failure('records', ZONE_ID.replace('documents', 'mongo.cosmos'))],
      }),
    );
    expect(
      plan.skipped.filter((s) => s.resourceId.endsWith('.privatelink.documents.azure.com')).map((s) => s.cause),
    ).toEqual(['zone-not-in-scope', 'zone-not-in-scope']);
  });

  it('a run about one resource keeps only changes that concern it', () => {
    const other = cosmosEndpoint(endpointId('pe-other'), 'other', [['other', '10.0.1.4']], {
      actionsRequired: 'Recreate',
    });
    const plan = planObserved(
      planContext,
      observation({ endpoints: [...observation().endpoints, other], focus: focusOn('endpoint', E1, [E1]) }),
    );
    expect(changes(plan)).toEqual([`dns-delete ${record('acct-northeurope')}`]);
    const whole = planObserved(planContext, observation({ endpoints: [...observation().endpoints, other] }));
    expect(changes(whole)).toEqual(
      [
        `dns-create ${record('other')}`,
        `dns-delete ${record('acct-northeurope')}`,
        `dns-delete ${record('gone')}`,
        `endpoint-refresh ${other.id}`,
      ].sort(),
    );
  });

  it('reports pending connections to targets it may not decide: an alias, or a target in another subscription', () => {
    const alias =
      'eastus-prod-001-privatelink-service.c44071ef-1550-4822-a1d5-46fc8271bde3.eastus.azure.privatelinkservice';
    const foreignTarget = ACCOUNT.replace(SUB, OTHER_SUB);
    const pendingTo = (name: string, target: string) =>
      cosmosEndpoint(endpointId(name), 'x', [], { connectionStatus: 'Pending', target });
    const plan = planObserved(
      planContext,
      observation({
        endpoints: [
          pendingTo('pe-alias', alias),
          pendingTo('pe-foreign', foreignTarget),
          pendingTo('pe-ours', ACCOUNT),
        ],
        records: [],
      }),
    );
    const outside = plan.skipped.filter((s) => s.cause === 'connection-outside-scope');
    expect(outside.map((s) => s.resourceId)).toEqual([endpointId('pe-alias'), endpointId('pe-foreign')]);
    expect(outside[0]?.reason).toContain(`the Private Link Service alias ${alias} is Pending`);
    expect(outside[1]?.reason).toContain(
      `its connection to ${foreignTarget} is Pending; the target is outside the scope`,
    );
  });

  it("property: a focused plan deletes exactly the whole plan's deletes of records written for the focus", () => {
    const endpoints = ['pe-a', 'pe-b', 'pe-c', 'pe-d'].map(endpointId);
    const recordArb = fc.record({
      name: fc.constantFrom('r1', 'r2', 'r3', 'r4', 'r5', 'r6'),
      writtenFor: fc.subarray(endpoints, { minLength: 1 }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(recordArb, { selector: (r) => r.name }),
        fc.subarray(endpoints, { minLength: 1 }),
        (records, focusIds) => {
          const base = observation({
            endpoints: [],
            records: records.map((r) => ownedRecord(r.name, ['10.9.0.1'], r.writtenFor)),
          });
          const writtenForFocus = (resourceId: string) =>
            (records.find((r) => resourceId.endsWith(`/A/${r.name}`))?.writtenFor ?? []).some((id) =>
              focusIds.includes(id),
            );
          const whole = planObserved(planContext, base);
          const focused = planObserved(planContext, { ...base, focus: focusOn('target', ACCOUNT, focusIds) });
          expect(changes(focused)).toEqual(
            changes({ ...whole, changes: whole.changes.filter((c) => writtenForFocus(c.resourceId)) }),
          );
        },
      ),
    );
  });
});

describe('a failed endpoint', () => {
  it('is reported for a person to recreate, not held on forever', () => {
    const failed = cosmosEndpoint(E1, ACCOUNT, [], { provisioningState: 'Failed' });
    const plan = planObserved(planContext, observation({ endpoints: [failed] }));
    expect(plan.skipped.filter((s) => s.cause === 'endpoint-failed')).toEqual([
      {
        resourceId: failed.id,
        cause: 'endpoint-failed',
        reason: expect.stringMatching(/recreate the private endpoint/),
      },
    ]);
  });
});
