/**
 * How a target answers a PUT of `privateLinkServiceConnectionState` on one of its private endpoint connections.
 * Shared by Cosmos DB, Mongo vCore and Key Vault: Azure treats a rejection as final everywhere ("connections denied
 * can't be approved"; re-create the endpoint instead), and approving what is already approved changes nothing.
 */
import { ArmError, invalidField } from '../errors';
import { isJsonObject, objectField, optionalStringField, stringField } from '../json';
import { oneOf } from './documentdb-validation';

const CONNECTION_STATUSES = ['Approved', 'Pending', 'Rejected', 'Disconnected'] as const;
export type TargetConnectionStatus = (typeof CONNECTION_STATUSES)[number];

export interface ConnectionState {
  status: TargetConnectionStatus;
  description: string;
  /** `None`, or `Recreate` after a Cosmos DB region change until the endpoint is PUT again. */
  actionsRequired: string;
}

export type ConnectionStateChange =
  { changed: false; state: ConnectionState } | { changed: true; state: ConnectionState };

export interface ConnectionStateRules {
  /** The ARM error message when a Rejected connection is asked to become Approved (each service words it its own way). */
  approveRejectedMessage: string;
}

/** Cosmos DB's own wording (answered as 400 `BadRequest`). */
export const COSMOS_APPROVE_REJECTED_MESSAGE = 'Approving rejected private endpoint connections is not supported.';

const STATE_FIELD = 'properties.privateLinkServiceConnectionState';

/** Reads the requested state out of a connection PUT body (`{ properties: { privateLinkServiceConnectionState } }`). */
export function requestedConnectionState(body: unknown): { status: TargetConnectionStatus; description?: string } {
  const properties = objectField(isJsonObject(body) ? body.properties : undefined, 'properties');
  const state = objectField(properties.privateLinkServiceConnectionState, STATE_FIELD);
  const status = oneOf(
    stringField(state.status, `${STATE_FIELD}.status`),
    CONNECTION_STATUSES,
    `${STATE_FIELD}.status`,
  );
  const description = optionalStringField(state.description, `${STATE_FIELD}.description`);
  return description === undefined ? { status } : { status, description };
}

export function applyConnectionStateRequest(
  current: ConnectionState,
  requested: { status: TargetConnectionStatus; description?: string },
  rules: ConnectionStateRules,
): ConnectionStateChange {
  if (requested.status === current.status) return { changed: false, state: current };
  if (current.status === 'Disconnected') {
    throw new ArmError(
      400,
      'BadRequest',
      'The private endpoint connection is Disconnected (its private endpoint was deleted) and cannot change state.',
      `${STATE_FIELD}.status`,
    );
  }
  if (current.status === 'Rejected' && requested.status === 'Approved') {
    throw new ArmError(400, 'BadRequest', rules.approveRejectedMessage, `${STATE_FIELD}.status`);
  }
  if (requested.status === 'Pending' || requested.status === 'Disconnected') {
    throw invalidField(
      `${STATE_FIELD}.status`,
      `Approved or Rejected for a ${current.status} connection`,
      'BadRequest',
    );
  }
  return {
    changed: true,
    state: {
      status: requested.status,
      description: requested.description ?? current.description,
      actionsRequired: current.actionsRequired,
    },
  };
}

/** The state a new connection starts in: automatic requests are approved at once, manual ones wait with the requester's message. */
export function initialConnectionState(manual: boolean, requestMessage: string | undefined): ConnectionState {
  return manual
    ? { status: 'Pending', description: requestMessage ?? '', actionsRequired: 'None' }
    : { status: 'Approved', description: 'Auto-approved', actionsRequired: 'None' };
}
