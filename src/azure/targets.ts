/**
 * Private link targets by type, per subscription: the Cosmos DB accounts, Key Vaults, Mongo vCore clusters and Private
 * Link Services whose connections the autopilot decides, including targets that no endpoint of ours reaches (a vault
 * with a manual endpoint from another tenant still has Pending connections to decide).
 */
import { armPath, resourceRef } from './arm-ref';
import { collectBounded } from './bounded';
import type { ArmClients } from './clients';
import type { ListedTargets, TargetListFailure, TargetPort } from '../engine/ports';
import type { TargetSummary } from '../core/model';
import { DEFAULT_CONNECTION_API_VERSIONS } from './connection-backends';
import { classifyArmError } from './errors';
import { GenericArm } from './generic-arm';

export const LISTED_TARGET_TYPES = [
  'Microsoft.DocumentDB/databaseAccounts',
  'Microsoft.KeyVault/vaults',
  'Microsoft.DocumentDB/mongoClusters',
  'Microsoft.Network/privateLinkServices',
] as const;

export type ListedTargetType = (typeof LISTED_TARGET_TYPES)[number];

interface ListedResource {
  id?: string;
  location?: string;
  tags?: Record<string, string>;
}

export class TargetAdapter implements TargetPort {
  constructor(private readonly clients: ArmClients) {}

  /** Every target of the listed types in the subscription (all pages). */
  async listTargets(subscriptionId: string, types: readonly ListedTargetType[] = LISTED_TARGET_TYPES): Promise<ListedTargets> {
    const { value, calls } = await this.clients.measure(async () => {
      const targets: TargetSummary[] = [];
      const failures: TargetListFailure[] = [];
      for (const targetType of types) {
        try {
          const listed = await this.listOfType(subscriptionId, targetType);
          targets.push(...listed.flatMap((resource) => summaryOf(resource, targetType)));
        } catch (error) {
          failures.push({ subscriptionId, targetType, error: classifyArmError(error) });
        }
      }
      return { targets, failures };
    });
    return { ...value, calls };
  }

  private async listOfType(subscriptionId: string, targetType: ListedTargetType): Promise<ListedResource[]> {
    const what = `${targetType} of subscription ${subscriptionId}`;
    if (targetType === 'Microsoft.DocumentDB/databaseAccounts') return collectBounded(this.clients.cosmos(subscriptionId).databaseAccounts.list(), { what });
    if (targetType === 'Microsoft.Network/privateLinkServices') {
      return collectBounded(this.clients.network(subscriptionId).privateLinkServices.listBySubscription(), { what });
    }
    const apiVersion = DEFAULT_CONNECTION_API_VERSIONS[targetType.toLowerCase()] as string;
    const items = await new GenericArm(this.clients).list(armPath(['subscriptions', subscriptionId, 'providers', ...targetType.split('/')]), apiVersion);
    return items.filter((item): item is ListedResource => item !== null && typeof item === 'object');
  }
}

function summaryOf(resource: ListedResource, targetType: ListedTargetType): TargetSummary[] {
  if (typeof resource.id !== 'string') return [];
  const ref = resourceRef(resource.id, `${targetType} list: id`, targetType);
  return [
    {
      id: ref.id,
      type: targetType,
      name: ref.name,
      ...(typeof resource.location === 'string' ? { location: resource.location } : {}),
      tags: { ...(resource.tags ?? {}) },
    },
  ];
}
