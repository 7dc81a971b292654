import { describe, expect, it } from 'vitest';
import type { ObservedConnection } from '../../../../src/core/model';
import { PolicyError, decideSafely, evaluatePolicy, parsePolicy, type RuleMatch } from '../../../../src/core/policy';
import { pendingConnection } from './connections';

function singleRule(match: RuleMatch, extra: Record<string, unknown> = {}) {
  return parsePolicy(
    { version: 1, defaultAction: 'leave-pending', rules: [{ name: 'only', match, action: 'approve', ...extra }] },
    'test',
  );
}

const PE = (id: string | undefined): Partial<ObservedConnection> => ({ privateEndpointId: id });

describe('a single match field', () => {
  it.each<[string, RuleMatch, Partial<ObservedConnection>, boolean]>([
    ['type, any case', { targetResourceTypes: ['microsoft.documentdb/DATABASEACCOUNTS'] }, {}, true],
    ['type, another service', { targetResourceTypes: ['Microsoft.KeyVault/vaults'] }, {}, false],
    [
      'type, one of several',
      { targetResourceTypes: ['Microsoft.KeyVault/vaults', 'Microsoft.DocumentDB/*'] },
      {},
      true,
    ],
    ['target ID glob', { targetIds: ['/subscriptions/*/resourceGroups/prod-*/**'] }, {}, true],
    ['target ID glob, other group', { targetIds: ['/subscriptions/*/resourceGroups/dev-*/**'] }, {}, false],
    ['tag, key case-insensitive', { targetTags: { 'privatelink-policy': 'strict' } }, {}, true],
    ['tag, value case-sensitive', { targetTags: { 'privatelink-policy': 'Strict' } }, {}, false],
    ['tag, missing', { targetTags: { owner: 'platform' } }, {}, false],
    [
      'tags, all required',
      { targetTags: { 'privatelink-policy': 'strict', owner: 'platform' } },
      { targetTags: { 'privatelink-policy': 'strict', OWNER: 'platform' } },
      true,
    ],
    ['tags, one of two missing', { targetTags: { 'privatelink-policy': 'strict', owner: 'platform' } }, {}, false],
    ['requester subscription', { requesterSubscriptions: ['11111111-2222-3333-4444-555555555555'] }, {}, true],
    ['requester subscription, other', { requesterSubscriptions: ['99999999-*'] }, {}, false],
    ['requester resource group glob', { requesterResourceGroups: ['NET-*'] }, {}, true],
    ['requester name glob', { requesterNames: ['pe-*'] }, {}, true],
    ['requester name, other', { requesterNames: ['vm-*'] }, {}, false],
    ['requester fields never match without an endpoint', { requesterSubscriptions: ['*'] }, PE(undefined), false],
    ['requester fields never match an unparsable endpoint', { requesterNames: ['**'] }, PE('pe-orders'), false],
    [
      'requester group never matches a subscription-level ID',
      { requesterResourceGroups: ['*'] },
      PE('/subscriptions/s/providers/Microsoft.Network/privateEndpoints/pe'),
      false,
    ],
    [
      'requester name never matches an ID without a resource',
      { requesterNames: ['*'] },
      PE('/subscriptions/s/resourceGroups/net-hub'),
      false,
    ],
    ['group ID, any requested one', { groupIds: ['sql'] }, { groupIds: ['MongoDB', 'Sql'] }, true],
    ['group ID, none requested', { groupIds: ['*'] }, { groupIds: [] }, false],
    ['group ID, other', { groupIds: ['vault'] }, {}, false],
    ['connection name', { connectionNames: ['pe-orders.*'] }, {}, true],
    ['connection name, other', { connectionNames: ['pe-billing.*'] }, {}, false],
    ['request message regex', { requestMessage: '^CHG[0-9]+' }, {}, true],
    ['request message regex is searched, not anchored', { requestMessage: 'orders' }, {}, true],
    ['request message regex is case-sensitive', { requestMessage: '^chg' }, {}, false],
    ['request message, empty message', { requestMessage: '^CHG' }, { description: '' }, false],
  ])('%s', (_label, match, overrides, matches) => {
    const decision = evaluatePolicy(singleRule(match), pendingConnection(overrides));
    expect(decision.decision).toBe(matches ? 'approve' : 'leave-pending');
    expect(decision.rule).toBe(matches ? 'only' : null);
  });
});

describe('evaluatePolicy', () => {
  it('requires every given field to hold', () => {
    const policy = singleRule({ groupIds: ['Sql'], requesterNames: ['pe-*'], requestMessage: '^CHG' });
    expect(evaluatePolicy(policy, pendingConnection()).decision).toBe('approve');
    expect(evaluatePolicy(policy, pendingConnection({ description: 'please' })).decision).toBe('leave-pending');
  });

  it('lets the first matching rule decide', () => {
    const policy = parsePolicy(
      {
        version: 1,
        defaultAction: 'approve',
        rules: [
          { name: 'no-ticket', match: { requestMessage: '^(?:[^C]|C[^H]|CH[^G]|C?H?$)' }, action: 'reject' },
          { name: 'platform', match: { requesterResourceGroups: ['net-*'] }, action: 'approve' },
          { name: 'everyone-else', match: {}, action: 'leave-pending' },
        ],
      },
      'test',
    );
    expect(evaluatePolicy(policy, pendingConnection({ description: 'hi' })).rule).toBe('no-ticket');
    expect(evaluatePolicy(policy, pendingConnection()).rule).toBe('platform');
    const stranger = evaluatePolicy(policy, pendingConnection({ privateEndpointId: undefined }));
    expect(stranger).toEqual({
      decision: 'leave-pending',
      rule: 'everyone-else',
      reason: 'rule "everyone-else" matched (matches every connection)',
    });
  });

  it('decides whatever the current status is', () => {
    const policy = singleRule({ groupIds: ['Sql'] });
    for (const status of ['Pending', 'Approved', 'Rejected', 'Disconnected']) {
      expect(evaluatePolicy(policy, pendingConnection({ status })).decision).toBe('approve');
    }
  });

  it('explains which rule matched and what it tested', () => {
    const decision = evaluatePolicy(singleRule({ groupIds: ['Sql'], requestMessage: '^CHG' }), pendingConnection());
    expect(decision.reason).toBe('rule "only" matched (groupIds, requestMessage)');
  });

  it('explains why each rule failed when the default applies', () => {
    const policy = parsePolicy(
      {
        version: 1,
        defaultAction: 'leave-pending',
        rules: [
          { name: 'vaults', match: { targetResourceTypes: ['Microsoft.KeyVault/vaults'] }, action: 'approve' },
          { name: 'tagged', match: { targetTags: { owner: 'platform' } }, action: 'approve' },
          { name: 'known', match: { requesterNames: ['pe-*'] }, action: 'approve' },
          { name: 'ticket', match: { requestMessage: '^CHG' }, action: 'approve' },
        ],
      },
      'test',
    );
    const decision = evaluatePolicy(policy, pendingConnection({ privateEndpointId: undefined, description: 'hello' }));
    expect(decision).toEqual({
      decision: 'leave-pending',
      rule: null,
      reason:
        'no rule matched (vaults: targetResourceTypes "Microsoft.DocumentDB/databaseAccounts" did not match; ' +
        'tagged: targetTags: tag "owner" is missing; known: requesterNames: the connection names no private endpoint; ' +
        'ticket: requestMessage "hello" did not match); default action leave-pending',
    });
  });

  it('keeps the default reason short when there are many rules', () => {
    const rules = Array.from({ length: 8 }, (_, i) => ({
      name: `r${i}`,
      match: { groupIds: ['vault'] },
      action: 'approve',
    }));
    const policy = parsePolicy({ version: 1, defaultAction: 'reject', rules }, 'test');
    const { reason } = evaluatePolicy(policy, pendingConnection());
    expect(reason).toContain('r4: groupIds "Sql" did not match; and 3 more rules); default action reject');
    expect(reason).not.toContain('r5:');
  });

  it('does not repeat the long target ID in reasons', () => {
    const { reason } = evaluatePolicy(
      singleRule({ targetIds: ['/subscriptions/*/resourceGroups/dev-*/**'] }),
      pendingConnection(),
    );
    expect(reason).toBe('no rule matched (only: targetIds did not match); default action leave-pending');
  });

  it('says so when the policy has no rules', () => {
    const policy = parsePolicy({ version: 1, defaultAction: 'leave-pending', rules: [] }, 'test');
    expect(evaluatePolicy(policy, pendingConnection()).reason).toBe(
      'the policy has no rules; default action leave-pending',
    );
  });

  it("shows invisible characters of a requester's message in reasons as escapes", () => {
    const { reason } = evaluatePolicy(
      singleRule({ requestMessage: '^CHG' }),
      pendingConnection({ description: 'ok\u202e devorppa' }),
    );
    expect(reason).toContain('requestMessage "ok\\u{202E} devorppa" did not match');
    expect(reason).not.toContain('\u202e');
  });

  it('shortens long values quoted in reasons', () => {
    const { reason } = evaluatePolicy(
      singleRule({ requestMessage: '^CHG' }),
      pendingConnection({ description: 'x'.repeat(500) }),
    );
    expect(reason.length).toBeLessThan(200);
    expect(reason).toContain('…');
  });
});

describe('evaluation time does not depend on what the pattern or the value is', () => {
  const slow = (work: () => void): number => {
    const started = performance.now();
    work();
    return performance.now() - started;
  };

  it.each([28, 10_000])('requestMessage ^(a+)+$ against a %i-character message that does not match', (length) => {
    const policy = singleRule({ requestMessage: '^(a+)+$' });
    const description = `${'a'.repeat(length)}!`;
    let decision = '';
    expect(slow(() => (decision = evaluatePolicy(policy, pendingConnection({ description })).decision))).toBeLessThan(
      200,
    );
    expect(decision).toBe('leave-pending');
    expect(evaluatePolicy(policy, pendingConnection({ description: 'a'.repeat(length) })).decision).toBe('approve');
  });

  it('requesterNames with many wildcards against a long name that does not match', () => {
    const policy = singleRule({ requesterNames: [`${'*a'.repeat(12)}*b`] });
    const endpoint = `/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/net-hub/providers/Microsoft.Network/privateEndpoints/${'a'.repeat(80)}`;
    let decision = '';
    expect(
      slow(() => (decision = evaluatePolicy(policy, pendingConnection({ privateEndpointId: endpoint })).decision)),
    ).toBeLessThan(200);
    expect(decision).toBe('leave-pending');
  });

  it('(?i) makes requestMessage case-insensitive', () => {
    expect(evaluatePolicy(singleRule({ requestMessage: '(?i)^chg[0-9]+' }), pendingConnection()).decision).toBe(
      'approve',
    );
  });
});

describe('descriptions', () => {
  it('renders every placeholder', () => {
    const template =
      '{rule}|{action}|{requesterSubscription}|{requesterResourceGroup}|{requesterName}|{targetName}|{targetId}|{targetType}|{connectionName}|{groupIds}';
    const decision = evaluatePolicy(
      singleRule({}, { description: template }),
      pendingConnection({ groupIds: ['Sql', 'MongoDB'] }),
    );
    expect(decision.description?.split('|')).toEqual([
      'only',
      'approve',
      '11111111-2222-3333-4444-555555555555',
      'net-hub',
      'pe-orders',
      'orders',
      '/subscriptions/aaaa/resourceGroups/prod-data/providers/Microsoft.DocumentDB/databaseAccounts/orders',
      'Microsoft.DocumentDB/databaseAccounts',
      'pe-orders.1234',
      'Sql, MongoDB',
    ]);
  });

  it('renders requester placeholders as unknown when the endpoint is unknown', () => {
    const decision = evaluatePolicy(
      singleRule({}, { description: '{requesterSubscription}/{requesterResourceGroup}/{requesterName}' }),
      pendingConnection({ privateEndpointId: undefined }),
    );
    expect(decision.description).toBe('unknown/unknown/unknown');
  });

  it('leaves unpaired braces alone', () => {
    const decision = evaluatePolicy(singleRule({}, { description: 'ok } {rule {{rule}' }), pendingConnection());
    expect(decision.description).toBe('ok } {rule {only');
  });

  it('falls back to a standard text for rules without one and for the default action', () => {
    expect(evaluatePolicy(singleRule({}), pendingConnection()).description).toBe(
      'Approved by privatelink-autopilot policy rule only',
    );
    const rejectAll = parsePolicy({ version: 1, defaultAction: 'reject', rules: [] }, 'test');
    expect(evaluatePolicy(rejectAll, pendingConnection()).description).toBe(
      'Rejected by privatelink-autopilot policy default action',
    );
  });

  it('is absent when the connection is left pending', () => {
    const decision = evaluatePolicy(singleRule({ groupIds: ['vault'] }, { description: 'never' }), pendingConnection());
    expect(decision).not.toHaveProperty('description');
  });
});

describe('decideSafely', () => {
  it('leaves connections pending, with the problems, when the policy is unavailable', () => {
    const error = new PolicyError('policy.json', ['/rules/0/action: is required', '/version: is required']);
    expect(decideSafely(error, pendingConnection())).toEqual({
      decision: 'leave-pending',
      rule: null,
      reason: 'policy unavailable: /rules/0/action: is required; /version: is required',
    });
  });

  it('evaluates a usable policy', () => {
    expect(decideSafely(singleRule({ groupIds: ['Sql'] }), pendingConnection()).decision).toBe('approve');
  });

  it('leaves the connection pending when evaluation itself fails', () => {
    const broken = { ...pendingConnection(), groupIds: undefined } as unknown as ObservedConnection;
    const decision = decideSafely(singleRule({ groupIds: ['Sql'] }), broken);
    expect(decision.decision).toBe('leave-pending');
    expect(decision.reason).toMatch(/^policy evaluation failed: /);
  });
});
