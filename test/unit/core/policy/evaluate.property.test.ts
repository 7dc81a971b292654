import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ApprovalAction, ObservedConnection } from '../../../../src/core/model';
import {
  PolicyError,
  decideSafely,
  evaluatePolicy,
  parsePolicy,
  tryLoadPolicy,
  type PolicyDocument,
  type PolicyRule,
  type RuleMatch,
} from '../../../../src/core/policy';

const ACTIONS: ApprovalAction[] = ['approve', 'reject', 'leave-pending'];
const SUBSCRIPTIONS = ['11111111-2222-3333-4444-555555555555', '99999999-0000-0000-0000-000000000000'];
const GROUPS = ['prod-data', 'dev-data', 'net-hub', 'net-spoke'];
const TYPES = [
  'Microsoft.DocumentDB/databaseAccounts',
  'Microsoft.KeyVault/vaults',
  'Microsoft.Network/privateLinkServices',
];

const connectionArb: fc.Arbitrary<ObservedConnection> = fc
  .record({
    subscription: fc.constantFrom(...SUBSCRIPTIONS),
    group: fc.constantFrom(...GROUPS),
    type: fc.constantFrom(...TYPES),
    target: fc.constantFrom('orders', 'billing'),
    connectionName: fc.constantFrom('pe-orders.1', 'pe-billing.2', 'vm-x'),
    endpoint: fc.oneof(
      fc.constant(undefined),
      fc.constant('not-an-arm-id'),
      fc.record({
        subscription: fc.constantFrom(...SUBSCRIPTIONS),
        group: fc.constantFrom(...GROUPS),
        name: fc.constantFrom('pe-a', 'vm-b'),
      }),
    ),
    groupIds: fc.subarray(['Sql', 'MongoDB', 'vault', 'MongoCluster']),
    tags: fc.dictionary(fc.constantFrom('env', 'Env', 'privatelink-policy'), fc.constantFrom('prod', 'strict', 'dev'), {
      maxKeys: 2,
    }),
    description: fc.oneof(fc.constantFrom('', 'CHG123 please', 'hello'), fc.string()),
    status: fc.constantFrom('Pending', 'Approved', 'Rejected', 'Disconnected'),
  })
  .map((c) => {
    const targetId = `/subscriptions/${c.subscription}/resourceGroups/${c.group}/providers/${c.type}/${c.target}`;
    const endpoint = c.endpoint;
    return {
      id: `${targetId}/privateEndpointConnections/${c.connectionName}`,
      name: c.connectionName,
      targetId,
      targetType: c.type,
      targetTags: c.tags,
      privateEndpointId:
        typeof endpoint === 'object'
          ? `/subscriptions/${endpoint.subscription}/resourceGroups/${endpoint.group}/providers/Microsoft.Network/privateEndpoints/${endpoint.name}`
          : endpoint,
      groupIds: c.groupIds,
      status: c.status,
      description: c.description,
    };
  });

const patterns = (pool: string[]) => fc.uniqueArray(fc.constantFrom(...pool), { minLength: 1, maxLength: 2 });

/** At most two conditions per rule, so that several rules often match one connection and ordering matters. */
const matchArb = fc
  .record({
    targetResourceTypes: patterns([...TYPES, 'microsoft.documentdb/*']),
    targetIds: patterns(['/subscriptions/*/resourceGroups/prod-*/**', '**/orders', '/subscriptions/**']),
    targetTags: fc.dictionary(fc.constantFrom('ENV', 'privatelink-policy'), fc.constantFrom('prod', 'strict'), {
      minKeys: 1,
      maxKeys: 2,
    }),
    requesterSubscriptions: patterns([...SUBSCRIPTIONS, '1111*']),
    requesterResourceGroups: patterns(['net-*', 'prod-data']),
    requesterNames: patterns(['pe-*', 'vm-b']),
    groupIds: patterns(['sql', 'Mongo*', 'vault']),
    connectionNames: patterns(['pe-*', '*']),
    requestMessage: fc.constantFrom('^CHG[0-9]+', 'please', '^$'),
  })
  .chain((all) =>
    fc.subarray(Object.entries(all), { maxLength: 2 }).map((entries) => Object.fromEntries(entries) as RuleMatch),
  );

const policyArb: fc.Arbitrary<PolicyDocument> = fc
  .record({
    defaultAction: fc.constantFrom(...ACTIONS),
    rules: fc.array(fc.record({ match: matchArb, action: fc.constantFrom(...ACTIONS) }), { maxLength: 6 }),
  })
  .map(({ defaultAction, rules }) => ({
    version: 1 as const,
    defaultAction,
    rules: rules.map((r, i): PolicyRule => ({
      name: `rule-${i}`,
      ...r,
      description: 'By {rule} for {requesterName} on {targetName}',
    })),
  }));

/** Nothing comes before the start of a message, so this rule can never match. */
const NEVER_MATCHES: PolicyRule = { name: 'never', match: { requestMessage: 'x^' }, action: 'approve' };

describe('policy evaluation properties', () => {
  it('is deterministic, including across separately parsed copies of the policy', () => {
    fc.assert(
      fc.property(policyArb, connectionArb, (document, connection) => {
        const first = evaluatePolicy(parsePolicy(document, 'a'), connection);
        const policy = parsePolicy(structuredClone(document), 'b');
        expect(evaluatePolicy(policy, connection)).toEqual(first);
        expect(evaluatePolicy(policy, structuredClone(connection))).toEqual(first);
        expect(first.reason.length).toBeGreaterThan(0);
      }),
    );
  });

  it('lets the first match win: a never-matching rule in front changes nothing but the default reason', () => {
    fc.assert(
      fc.property(policyArb, connectionArb, (document, connection) => {
        const before = evaluatePolicy(parsePolicy(document, 'p'), connection);
        const after = evaluatePolicy(
          parsePolicy({ ...document, rules: [NEVER_MATCHES, ...document.rules] }, 'p'),
          connection,
        );
        expect({ ...after, reason: undefined }).toEqual({ ...before, reason: undefined });
        if (before.rule !== null) expect(after.reason).toBe(before.reason);
      }),
    );
  });

  it('decides with the first rule whose conditions all hold', () => {
    fc.assert(
      fc.property(policyArb, connectionArb, (document, connection) => {
        const decision = evaluatePolicy(parsePolicy(document, 'p'), connection);
        const index = document.rules.findIndex((r) => r.name === decision.rule);
        const expected = index >= 0 ? document.rules[index]?.action : document.defaultAction;
        expect(decision.decision).toBe(expected);
        for (const earlier of document.rules.slice(0, index >= 0 ? index : undefined)) {
          expect(evaluatePolicy(parsePolicy({ ...document, rules: [earlier] }, 'p'), connection).rule).toBeNull();
        }
      }),
    );
  });

  it('never approves with a policy that is an error', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.array(fc.string(), { minLength: 1 }),
        connectionArb,
        (source, problems, connection) => {
          const decision = decideSafely(new PolicyError(source, problems), connection);
          expect(decision.decision).toBe('leave-pending');
          expect(decision.reason).toMatch(/^policy unavailable: /);
        },
      ),
    );
  });

  it('never approves when the document fails validation', () => {
    const brokenDocument = fc.oneof(
      fc.jsonValue().filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
      policyArb.map((d) => ({ ...d, defaultAction: 'approve', version: 2 })),
      policyArb.map((d) => ({
        ...d,
        defaultAction: 'approve',
        rules: [...d.rules, { name: 'x', match: { requestMessage: '[' }, action: 'approve' }],
      })),
      policyArb.map((d) => ({
        ...d,
        defaultAction: 'approve',
        rules: [...d.rules, { ...NEVER_MATCHES, description: '{who}' }],
      })),
    );
    fc.assert(
      fc.property(brokenDocument, connectionArb, (document, connection) => {
        const policy = tryLoadPolicy(JSON.stringify(document), 'p');
        expect(policy).toBeInstanceOf(PolicyError);
        expect(decideSafely(policy, connection).decision).toBe('leave-pending');
      }),
    );
  });
});
