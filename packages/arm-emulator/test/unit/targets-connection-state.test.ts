import { describe, expect, it } from 'vitest';
import {
  applyConnectionStateRequest,
  COSMOS_APPROVE_REJECTED_MESSAGE,
  initialConnectionState,
  requestedConnectionState,
  type ConnectionState,
  type TargetConnectionStatus,
} from '../../src/providers/documentdb-connection-state';
import { ArmError } from '../../src/errors';

const rules = { approveRejectedMessage: COSMOS_APPROVE_REJECTED_MESSAGE };
const state = (status: TargetConnectionStatus, actionsRequired = 'None'): ConnectionState => ({
  status,
  description: 'before',
  actionsRequired,
});

describe('connection state requests', () => {
  it.each([
    ['Pending', 'Approved', { status: 'Approved', description: 'ok', actionsRequired: 'None' }],
    ['Pending', 'Rejected', { status: 'Rejected', description: 'ok', actionsRequired: 'None' }],
    ['Approved', 'Rejected', { status: 'Rejected', description: 'ok', actionsRequired: 'None' }],
  ] as const)('%s → %s changes the state', (from, to, expected) => {
    expect(applyConnectionStateRequest(state(from), { status: to, description: 'ok' }, rules)).toEqual({
      changed: true,
      state: expected,
    });
  });

  it.each(['Approved', 'Pending', 'Rejected'] as const)(
    'asking for %s when already there changes nothing, whatever the description',
    (status) => {
      const current = state(status);
      expect(applyConnectionStateRequest(current, { status, description: 'another reason' }, rules)).toEqual({
        changed: false,
        state: current,
      });
    },
  );

  it('keeps the description when the request has none, and keeps actionsRequired', () => {
    expect(applyConnectionStateRequest(state('Pending', 'Recreate'), { status: 'Approved' }, rules)).toEqual({
      changed: true,
      state: { status: 'Approved', description: 'before', actionsRequired: 'Recreate' },
    });
  });

  it.each([
    ['Rejected', 'Approved', COSMOS_APPROVE_REJECTED_MESSAGE],
    ['Approved', 'Pending', 'Approved or Rejected'],
    ['Rejected', 'Pending', 'Approved or Rejected'],
    ['Disconnected', 'Approved', 'Disconnected'],
  ] as const)('%s → %s is a 400 naming the status field', (from, to, message) => {
    let error: unknown;
    try {
      applyConnectionStateRequest(state(from), { status: to }, rules);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ArmError);
    expect(error).toMatchObject({
      status: 400,
      code: 'BadRequest',
      target: 'properties.privateLinkServiceConnectionState.status',
    });
    expect((error as Error).message).toContain(message);
  });

  it('reads the requested state, accepting any casing of the status', () => {
    expect(
      requestedConnectionState({
        properties: {
          privateLinkServiceConnectionState: { status: 'approved', description: 'Approved by johndoe@contoso.com' },
        },
      }),
    ).toEqual({
      status: 'Approved',
      description: 'Approved by johndoe@contoso.com',
    });
  });

  it.each([
    [{}, 'properties'],
    [{ properties: {} }, 'properties.privateLinkServiceConnectionState'],
    [{ properties: { privateLinkServiceConnectionState: {} } }, 'properties.privateLinkServiceConnectionState.status'],
    [
      { properties: { privateLinkServiceConnectionState: { status: 'Maybe' } } },
      'properties.privateLinkServiceConnectionState.status',
    ],
    [
      { properties: { privateLinkServiceConnectionState: { status: 'Approved', description: 7 } } },
      'properties.privateLinkServiceConnectionState.description',
    ],
  ])('rejects body %j, naming %s', (body, field) => {
    expect(() => requestedConnectionState(body)).toThrow(expect.objectContaining({ status: 400, target: field }));
  });

  it('starts automatic connections Approved and manual ones Pending with the requester’s message', () => {
    expect(initialConnectionState(false, 'ignored')).toEqual({
      status: 'Approved',
      description: 'Auto-approved',
      actionsRequired: 'None',
    });
    expect(initialConnectionState(true, 'Please approve my connection.')).toEqual({
      status: 'Pending',
      description: 'Please approve my connection.',
      actionsRequired: 'None',
    });
  });
});
