import { connectionTarget, type SubjectKind } from '../arm-identity';
import { type ResourceId, parentResource, resourceType } from '../resource-id';
import type { ActionableIntent } from './types';

/** An ARM operation name such as `Microsoft.DocumentDB/databaseAccounts/write` or `.../failoverPriorityChange/action`. */
interface Operation {
  /** Provider namespace then resource types, as written (`Microsoft.Network`, `privateEndpoints`). */
  typePath: string[];
  verb: 'write' | 'delete' | 'action';
  /** For `.../<name>/action`. */
  actionName?: string;
}

export type Classification =
  | { intent: 'ignored'; reason: string }
  | { intent: ActionableIntent; reason: string; subjectKind: SubjectKind; subject: ResourceId };

const APPROVAL_ACTION = 'privateendpointconnectionsapproval';
const PRIVATE_ENDPOINT_TYPE = 'microsoft.network/privateendpoints';
const ZONE_GROUP_TYPE = 'microsoft.network/privateendpoints/privatednszonegroups';

function parseOperationName(operationName: string): Operation | undefined {
  const parts = operationName.split('/');
  if (parts.some((part) => part.length === 0)) return undefined;
  const verb = parts[parts.length - 1]?.toLowerCase();
  if (verb === 'write' || verb === 'delete') {
    const typePath = parts.slice(0, -1);
    return typePath.length >= 2 ? { typePath, verb } : undefined;
  }
  if (verb === 'action') {
    const typePath = parts.slice(0, -2);
    return typePath.length >= 2 ? { typePath, verb, actionName: parts[parts.length - 2] } : undefined;
  }
  return undefined;
}

const lower = (parts: string[]): string => parts.join('/').toLowerCase();

/**
 * Decides, case-insensitively, what a successful operation on `resource` means for private link. The operation name
 * says what happened; the resource ID must be of the type the operation names, and gives the resource to work on.
 */
export function classifyOperation(
  operationName: string,
  resource: ResourceId,
  targetTypes: ReadonlySet<string>,
): Classification {
  const operation = parseOperationName(operationName);
  if (!operation) {
    return {
      intent: 'ignored',
      reason: `operation "${operationName}" is not of the form <provider>/<type>/write|delete or <provider>/<type>/<name>/action`,
    };
  }
  const operationType = lower(operation.typePath);
  const displayType = operation.typePath.join('/');
  const resourceTypeName = resourceType(resource) ?? '(none)';
  if (resourceTypeName.toLowerCase() !== operationType) {
    return {
      intent: 'ignored',
      reason: `operation ${operationName} names type ${displayType} but the resource is of type ${resourceTypeName}`,
    };
  }
  const connectionOf = connectionTarget(resource);
  const isApproval = operation.verb === 'action' && operation.actionName?.toLowerCase() === APPROVAL_ACTION;
  if (connectionOf !== undefined || isApproval) {
    // A connection stands for its target; an approval action names the target itself.
    const target: ResourceId = connectionOf ?? resource;
    const what = connectionOf
      ? `${resource.segments[resource.segments.length - 1]?.type} ${operation.verb}`
      : `${operation.actionName} action`;
    const reason = `${what} on target ${resourceType(target)}: apply the approval policy`;
    return { intent: 'connection-changed', reason, subjectKind: 'target', subject: target };
  }

  if (operationType === PRIVATE_ENDPOINT_TYPE || operationType === ZONE_GROUP_TYPE) {
    if (operation.verb === 'action') {
      const reason = `action ${operation.actionName} on ${displayType} changes neither the endpoint's connections nor its addresses`;
      return { intent: 'ignored', reason };
    }
    if (operationType === ZONE_GROUP_TYPE) {
      const reason = `private DNS zone group ${operation.verb} changes which records Azure manages for the endpoint`;
      return {
        intent: 'endpoint-written',
        reason,
        subjectKind: 'endpoint',
        subject: parentResource(resource) ?? resource,
      };
    }
    return operation.verb === 'write'
      ? {
          intent: 'endpoint-written',
          reason: 'private endpoint written: refresh its DNS records',
          subjectKind: 'endpoint',
          subject: resource,
        }
      : {
          intent: 'endpoint-deleted',
          reason: 'private endpoint deleted: release the DNS records it claimed',
          subjectKind: 'endpoint',
          subject: resource,
        };
  }

  if (targetTypes.has(operationType)) {
    if (operation.verb === 'action' && /^list/i.test(operation.actionName ?? '')) {
      return { intent: 'ignored', reason: `action ${operation.actionName} on target ${displayType} only reads` };
    }
    const what = operation.verb === 'action' ? `action ${operation.actionName}` : operation.verb;
    return {
      intent: 'reconcile-target',
      reason: `${what} on private link target ${displayType}: its endpoints may need refreshing (e.g. a region added or removed)`,
      subjectKind: 'target',
      subject: resource,
    };
  }

  const isChildOfTarget = operation.typePath
    .slice(2)
    .some((_, i) => targetTypes.has(lower(operation.typePath.slice(0, i + 2))));
  if (isChildOfTarget) {
    return {
      intent: 'ignored',
      reason: `${displayType} is a child of a private link target; only the target itself changes its private link`,
    };
  }
  return {
    intent: 'ignored',
    reason: `${displayType} is neither a private link target, a private endpoint nor a private endpoint connection`,
  };
}

const RECORD_SET_TYPE = 'microsoft.network/privatednszones/a';

/**
 * Whether the operation writes or deletes an A record set (`Microsoft.Network/privateDnsZones/A/write|delete` on a
 * record set's ID); undefined for anything else. Which zone copies count is the scope's to say.
 */
export function classifyRecordOperation(
  operationName: string,
  resource: ResourceId,
): { change: 'written' | 'deleted'; zone: ResourceId } | undefined {
  const operation = parseOperationName(operationName);
  if (!operation || operation.verb === 'action' || lower(operation.typePath) !== RECORD_SET_TYPE) return undefined;
  if ((resourceType(resource) ?? '').toLowerCase() !== RECORD_SET_TYPE) return undefined;
  const zone = parentResource(resource);
  return zone ? { change: operation.verb === 'write' ? 'written' : 'deleted', zone } : undefined;
}
