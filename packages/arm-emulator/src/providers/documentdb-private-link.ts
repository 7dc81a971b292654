/**
 * Which private link groups a Cosmos DB account exposes, and the members (one IP each) and FQDNs each group needs.
 * Sources: "Configure Azure Private Link for an Azure Cosmos DB account" (API type → group IDs → zone) and
 * CosmosDBPrivateLinkResourceListGet (requiredMembers = the account plus `<account>-<region>` per region). That
 * example's `privatelink.documents.azure.net` is a typo for `.com`.
 */
import { regionKey } from './documentdb-regions';

export type CosmosApi = 'Sql' | 'MongoDB' | 'Cassandra' | 'Gremlin' | 'Table';

export type CosmosGroupId = 'Sql' | 'SqlDedicated' | 'MongoDB' | 'Cassandra' | 'Gremlin' | 'Table' | 'Analytical';

/** The public DNS suffix each group's FQDNs end in; its private zone is `privatelink.<suffix>`. */
const PUBLIC_SUFFIX: Readonly<Record<CosmosGroupId, string>> = {
  Sql: 'documents.azure.com',
  SqlDedicated: 'sqlx.cosmos.azure.com',
  MongoDB: 'mongo.cosmos.azure.com',
  Cassandra: 'cassandra.cosmos.azure.com',
  Gremlin: 'gremlin.cosmos.azure.com',
  Table: 'table.cosmos.azure.com',
  Analytical: 'analytics.cosmos.azure.com',
};

/** Gremlin and Table accounts also answer the NoSQL API, so they expose `Sql` as a second group. */
const GROUPS_BY_API: Readonly<Record<CosmosApi, readonly CosmosGroupId[]>> = {
  Sql: ['Sql', 'SqlDedicated'],
  MongoDB: ['MongoDB'],
  Cassandra: ['Cassandra'],
  Gremlin: ['Gremlin', 'Sql'],
  Table: ['Table', 'Sql'],
};

export interface CosmosPrivateLinkFacts {
  accountName: string;
  api: CosmosApi;
  enableAnalyticalStorage: boolean;
  /** Regions whose endpoints are live (by failover priority); regions still being added are not members yet. */
  regions: readonly string[];
}

export interface RequiredMember {
  requiredMemberName: string;
  fqdns: string[];
}

export interface PrivateLinkGroup {
  groupId: string;
  requiredMembers: RequiredMember[];
  requiredZoneNames: string[];
}

export function cosmosGroupIds(
  facts: Pick<CosmosPrivateLinkFacts, 'api' | 'enableAnalyticalStorage'>,
): CosmosGroupId[] {
  const groups = [...GROUPS_BY_API[facts.api]];
  if (facts.enableAnalyticalStorage) groups.push('Analytical');
  return groups;
}

/** The account's global name, then `<account>-<region>` for each region. */
export function cosmosRequiredMemberNames(accountName: string, regions: readonly string[]): string[] {
  const account = accountName.toLowerCase();
  return [account, ...regions.map((region) => `${account}-${regionKey(region)}`)];
}

function cosmosZoneName(groupId: CosmosGroupId): string {
  return `privatelink.${PUBLIC_SUFFIX[groupId]}`;
}

/** Resolves a group name as a caller spells it (`sql`, `Sql`) to the account's group, or undefined if it has none. */
export function findCosmosGroup(facts: CosmosPrivateLinkFacts, groupName: string): PrivateLinkGroup | undefined {
  const groupId = cosmosGroupIds(facts).find((id) => id.toLowerCase() === groupName.toLowerCase());
  return groupId === undefined ? undefined : cosmosGroup(facts, groupId);
}

export function cosmosGroups(facts: CosmosPrivateLinkFacts): PrivateLinkGroup[] {
  return cosmosGroupIds(facts).map((groupId) => cosmosGroup(facts, groupId));
}

function cosmosGroup(facts: CosmosPrivateLinkFacts, groupId: CosmosGroupId): PrivateLinkGroup {
  const suffix = PUBLIC_SUFFIX[groupId];
  return {
    groupId,
    requiredMembers: cosmosRequiredMemberNames(facts.accountName, facts.regions).map((member) => ({
      requiredMemberName: member,
      fqdns: [`${member}.${suffix}`],
    })),
    requiredZoneNames: [cosmosZoneName(groupId)],
  };
}

/** The `privateLinkResources` item ARM returns for one group. */
export function privateLinkResourceBody(
  targetId: string,
  targetType: string,
  group: PrivateLinkGroup,
): Record<string, unknown> {
  return {
    id: `${targetId}/privateLinkResources/${group.groupId}`,
    name: group.groupId,
    type: `${targetType}/privateLinkResources`,
    properties: {
      groupId: group.groupId,
      requiredMembers: group.requiredMembers.map((member) => member.requiredMemberName),
      requiredZoneNames: group.requiredZoneNames,
    },
  };
}
