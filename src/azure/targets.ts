/**
 * Private link targets by type, per subscription: the Cosmos DB accounts, Key Vaults, Mongo vCore clusters and Private
 * Link Services whose connections the autopilot decides, including targets that no endpoint of ours reaches (a vault
 * with a manual endpoint from another tenant still has Pending connections to decide). Their listings carry each
 * target's `privateEndpointConnections` inline, so a whole-scope pass costs the listing's pages, not a read per target.
 */
import type { DatabaseAccountGetResults } from '@azure/arm-cosmosdb';
import { armPath, resourceRef } from './arm-ref';
import { collectBounded } from './bounded';
import type { ArmClients } from './clients';
import type { ListedTargets, TargetListFailure, TargetPort } from '../engine/ports';
import type { ObservedConnection, TargetSummary } from '../core/model';
import { normaliseConnection } from '../core/policy';
import { cosmosFacts, DEFAULT_CONNECTION_API_VERSIONS } from './connection-backends';
import { classifyArmError } from './errors';
import { GenericArm } from './generic-arm';

export const LISTED_TARGET_TYPES = [
  'Microsoft.DocumentDB/databaseAccounts',
  'Microsoft.KeyVault/vaults',
  'Microsoft.DocumentDB/mongoClusters',
  'Microsoft.Network/privateLinkServices',
] as const;

export type ListedTargetType = (typeof LISTED_TARGET_TYPES)[number];

/** A listed resource as the typed SDKs (properties flattened) or ARM's JSON (under `properties`) give it. */
interface ListedResource {
  id?: string;
  location?: string;
  tags?: Record<string, string>;
  provisioningState?: string;
  privateEndpointConnections?: unknown[];
  properties?: { provisioningState?: unknown; privateEndpointConnections?: unknown };
}

export class TargetAdapter implements TargetPort {
  constructor(private readonly clients: ArmClients) {}

  /** Every target of the listed types in the subscription (all pages), with the connections the listings carry. */
  async listTargets(
    subscriptionId: string,
    types: readonly ListedTargetType[] = LISTED_TARGET_TYPES,
  ): Promise<ListedTargets> {
    const { value, calls } = await this.clients.measure(async () => {
      const targets: TargetSummary[] = [];
      const connections: Record<string, ObservedConnection[]> = {};
      const failures: TargetListFailure[] = [];
      for (const targetType of types) {
        try {
          for (const resource of await this.listOfType(subscriptionId, targetType)) {
            const summary = summaryOf(resource, targetType);
            if (!summary) continue;
            targets.push(summary);
            const inline = inlineConnections(resource);
            if (inline)
              connections[summary.id.toLowerCase()] = inline.map((c) =>
                normaliseConnection(c, { id: summary.id, type: summary.type, tags: summary.tags }),
              );
          }
        } catch (error) {
          failures.push({ subscriptionId, targetType, error: classifyArmError(error) });
        }
      }
      return { targets, connections, failures };
    });
    return { ...value, calls };
  }

  private async listOfType(subscriptionId: string, targetType: ListedTargetType): Promise<ListedResource[]> {
    const what = `${targetType} of subscription ${subscriptionId}`;
    if (targetType === 'Microsoft.DocumentDB/databaseAccounts')
      return collectBounded(this.clients.cosmos(subscriptionId).databaseAccounts.list(), { what });
    if (targetType === 'Microsoft.Network/privateLinkServices') {
      return collectBounded(this.clients.network(subscriptionId).privateLinkServices.listBySubscription(), {
        what,
      }) as Promise<ListedResource[]>;
    }
    const apiVersion = DEFAULT_CONNECTION_API_VERSIONS[targetType.toLowerCase()] as string;
    const items = await new GenericArm(this.clients).list(
      armPath(['subscriptions', subscriptionId, 'providers', ...targetType.split('/')]),
      apiVersion,
    );
    return items.filter((item): item is ListedResource => item !== null && typeof item === 'object');
  }
}

/** The listing's connections, or undefined when it does not carry them (then the target's connections are read). */
function inlineConnections(resource: ListedResource): unknown[] | undefined {
  const inline = resource.privateEndpointConnections ?? resource.properties?.privateEndpointConnections;
  return Array.isArray(inline) ? inline : undefined;
}

function summaryOf(resource: ListedResource, targetType: ListedTargetType): TargetSummary | undefined {
  if (typeof resource.id !== 'string') return undefined;
  const ref = resourceRef(resource.id, `${targetType} list: id`, targetType);
  const provisioningState = resource.provisioningState ?? resource.properties?.provisioningState;
  return {
    id: ref.id,
    type: targetType,
    name: ref.name,
    ...(typeof resource.location === 'string' ? { location: resource.location } : {}),
    tags: { ...(resource.tags ?? {}) },
    ...(typeof provisioningState === 'string' ? { provisioningState } : {}),
    ...(targetType === 'Microsoft.DocumentDB/databaseAccounts'
      ? { cosmos: cosmosFacts(resource as DatabaseAccountGetResults) }
      : {}),
  };
}
