/**
 * Cosmos DB database accounts: request parsing, region changes and the ARM body, after the 2025-04-15 examples
 * (CosmosDBDatabaseAccountGet, CosmosDBDatabaseAccountCreateMin). Pure: the caller passes time and IDs in.
 */
import { ArmError, invalidField } from '../errors';
import {
  isJsonObject,
  objectField,
  optionalObjectField,
  optionalStringField,
  stringField,
  tagsField,
  type JsonObject,
} from '../json';
import { cosmosAccountConnectionEntry, type CosmosConnection } from './documentdb-connections';
import type { CosmosApi, CosmosPrivateLinkFacts } from './documentdb-private-link';
import { regionDisplayName, regionKey } from './documentdb-regions';
import { oneOf } from './documentdb-validation';

export const COSMOS_ACCOUNT_TYPE = 'Microsoft.DocumentDB/databaseAccounts';

const COSMOS_ACCOUNT_KINDS = ['GlobalDocumentDB', 'MongoDB', 'Parse'] as const;
export type CosmosAccountKind = (typeof COSMOS_ACCOUNT_KINDS)[number];

/** `Initializing` while the account is created, `Creating`/`Deleting` while a region is added/removed. */
export type CosmosRegionState = 'Initializing' | 'Creating' | 'Succeeded' | 'Deleting';

export interface CosmosRegion {
  /** Display name, e.g. `West US`. */
  name: string;
  failoverPriority: number;
  isZoneRedundant: boolean;
  provisioningState: CosmosRegionState;
}

export interface CosmosAccount {
  /** ARM ID in the caller's casing. */
  id: string;
  name: string;
  /** Display name, e.g. `West US`. */
  location: string;
  kind: CosmosAccountKind;
  tags: Record<string, string>;
  identity?: JsonObject;
  /** Ordered by failover priority. */
  regions: CosmosRegion[];
  provisioningState: 'Initializing' | 'Updating' | 'Deleting' | 'Succeeded';
  /** Caller-settable `properties` as last written; computed properties never live here. */
  settings: JsonObject;
  instanceId: string;
  createdAt: string;
}

export interface RegionRequest {
  name: string;
  failoverPriority: number;
  isZoneRedundant: boolean;
}

export interface RegionChange {
  added: string[];
  removed: string[];
}

/** Properties Azure computes; a request that sends them back (GET → edit → PUT) has them ignored. */
const COMPUTED_PROPERTIES = new Set([
  'provisioningState',
  'documentEndpoint',
  'writeLocations',
  'readLocations',
  'locations',
  'failoverPolicies',
  'privateEndpointConnections',
  'instanceId',
  'keysMetadata',
]);

const ACCOUNT_NAME = /^[a-z0-9](?:[a-z0-9-]{1,42})[a-z0-9]$/;

function validateAccountName(name: string): void {
  if (!ACCOUNT_NAME.test(name) || name.includes('--')) {
    throw new ArmError(
      400,
      'BadRequest',
      `Database account name "${name}" is invalid: expected 3-44 characters of lower-case letters, digits and single hyphens, starting and ending with a letter or digit.`,
      'accountName',
    );
  }
}

/** Cosmos DB's API follows the kind and the capability flags (EnableCassandra, EnableGremlin, EnableTable). */
export function cosmosApi(kind: CosmosAccountKind, settings: JsonObject): CosmosApi {
  if (kind === 'MongoDB') return 'MongoDB';
  const names = capabilityNames(settings).map((name) => name.toLowerCase());
  if (names.includes('enablecassandra')) return 'Cassandra';
  if (names.includes('enablegremlin')) return 'Gremlin';
  if (names.includes('enabletable')) return 'Table';
  return 'Sql';
}

function capabilityNames(settings: JsonObject): string[] {
  const capabilities = settings.capabilities;
  if (!Array.isArray(capabilities)) return [];
  return capabilities.flatMap((capability: unknown) =>
    isJsonObject(capability) && typeof capability.name === 'string' ? [capability.name] : [],
  );
}

function parseRegions(value: unknown, field = 'properties.locations'): RegionRequest[] {
  if (!Array.isArray(value) || value.length === 0)
    throw invalidField(field, 'a non-empty array of { locationName, failoverPriority }', 'BadRequest');
  const regions = value.map((item: unknown, index): RegionRequest => {
    const location = objectField(item, `${field}[${index}]`);
    const name = regionDisplayName(stringField(location.locationName, `${field}[${index}].locationName`));
    const priority = location.failoverPriority ?? index;
    if (typeof priority !== 'number' || !Number.isInteger(priority) || priority < 0) {
      throw invalidField(`${field}[${index}].failoverPriority`, 'a whole number of at least 0', 'BadRequest');
    }
    const zoneRedundant = location.isZoneRedundant ?? false;
    if (typeof zoneRedundant !== 'boolean')
      throw invalidField(`${field}[${index}].isZoneRedundant`, 'true or false', 'BadRequest');
    return { name, failoverPriority: priority, isZoneRedundant: zoneRedundant };
  });
  const keys = regions.map((region) => regionKey(region.name));
  const duplicate = keys.find((key, index) => keys.indexOf(key) !== index);
  if (duplicate !== undefined) throw invalidField(field, `each region once (${duplicate} appears twice)`, 'BadRequest');
  const priorities = new Set(regions.map((region) => region.failoverPriority));
  if (priorities.size !== regions.length || [...priorities].some((priority) => priority >= regions.length)) {
    throw invalidField(
      `${field}[].failoverPriority`,
      `unique failover priorities from 0 to ${regions.length - 1}`,
      'BadRequest',
    );
  }
  return regions.sort((a, b) => a.failoverPriority - b.failoverPriority);
}

function settingsFrom(properties: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(properties).filter(([key]) => !COMPUTED_PROPERTIES.has(key)));
}

export interface AccountCreateContext {
  id: string;
  name: string;
  instanceId: string;
  now: string;
}

/** A PUT of a new account: every region starts `Initializing` until the create operation completes. */
export function createCosmosAccount(body: unknown, context: AccountCreateContext): CosmosAccount {
  validateAccountName(context.name);
  const request = objectField(body, 'body');
  const properties = objectField(request.properties, 'properties');
  stringField(properties.databaseAccountOfferType, 'properties.databaseAccountOfferType');
  const regions = parseRegions(properties.locations);
  const kind = oneOf(optionalStringField(request.kind, 'kind') ?? 'GlobalDocumentDB', COSMOS_ACCOUNT_KINDS, 'kind');
  const identity = optionalObjectField(request.identity, 'identity');
  return {
    id: context.id,
    name: context.name,
    location: regionDisplayName(stringField(request.location, 'location')),
    kind,
    tags: tagsField(request.tags) ?? {},
    ...(identity === undefined ? {} : { identity }),
    regions: regions.map((region) => ({ ...region, provisioningState: 'Initializing' })),
    provisioningState: 'Initializing',
    settings: settingsFrom(properties),
    instanceId: context.instanceId,
    createdAt: context.now,
  };
}

/**
 * A PUT (`replace`) or PATCH (`merge`) of an existing account. Regions being added show `Creating` and regions
 * being removed `Deleting` until `completeCosmosAccountOperation` runs.
 */
export function updateCosmosAccount(
  account: CosmosAccount,
  body: unknown,
  mode: 'replace' | 'merge',
): { account: CosmosAccount; regionChange: RegionChange } {
  const request = objectField(body, 'body');
  const properties =
    mode === 'replace'
      ? objectField(request.properties, 'properties')
      : (optionalObjectField(request.properties, 'properties') ?? {});
  const requestedKind = optionalStringField(request.kind, 'kind');
  if (requestedKind !== undefined && oneOf(requestedKind, COSMOS_ACCOUNT_KINDS, 'kind') !== account.kind) {
    throw invalidField('kind', `${account.kind}: the kind of an existing account cannot change`, 'BadRequest');
  }
  const requestedRegions =
    mode === 'replace' || properties.locations !== undefined ? parseRegions(properties.locations) : undefined;
  const { regions, regionChange } =
    requestedRegions === undefined
      ? { regions: account.regions, regionChange: { added: [], removed: [] } }
      : planRegions(account.regions, requestedRegions);
  const tags = tagsField(request.tags);
  const identity = optionalObjectField(request.identity, 'identity');
  const settings = mode === 'replace' ? settingsFrom(properties) : { ...account.settings, ...settingsFrom(properties) };
  return {
    account: {
      ...account,
      tags: tags ?? (mode === 'replace' ? {} : account.tags),
      ...(identity === undefined ? {} : { identity }),
      regions,
      settings,
      provisioningState: 'Updating',
    },
    regionChange,
  };
}

function planRegions(
  current: readonly CosmosRegion[],
  requested: readonly RegionRequest[],
): { regions: CosmosRegion[]; regionChange: RegionChange } {
  const currentByKey = new Map(current.map((region) => [regionKey(region.name), region]));
  const requestedKeys = new Set(requested.map((region) => regionKey(region.name)));
  const kept: CosmosRegion[] = requested.map((region) => {
    const existing = currentByKey.get(regionKey(region.name));
    return { ...region, provisioningState: existing === undefined ? 'Creating' : existing.provisioningState };
  });
  const removed = current.filter((region) => !requestedKeys.has(regionKey(region.name)));
  return {
    regions: [...kept, ...removed.map((region): CosmosRegion => ({ ...region, provisioningState: 'Deleting' }))],
    regionChange: {
      added: kept.filter((region) => !currentByKey.has(regionKey(region.name))).map((region) => region.name),
      removed: removed.map((region) => region.name),
    },
  };
}

/** The end of a create or update: removed regions go, every other region and the account are `Succeeded`. */
export function completeCosmosAccountOperation(account: CosmosAccount): CosmosAccount {
  return {
    ...account,
    provisioningState: 'Succeeded',
    regions: account.regions
      .filter((region) => region.provisioningState !== 'Deleting')
      .map((region) => ({ ...region, provisioningState: 'Succeeded' })),
  };
}

/** What the private link side needs: regions that serve traffic now (being-added ones are not members yet). */
export function cosmosPrivateLinkFacts(account: CosmosAccount): CosmosPrivateLinkFacts {
  return {
    accountName: account.name,
    api: cosmosApi(account.kind, account.settings),
    enableAnalyticalStorage: account.settings.enableAnalyticalStorage === true,
    regions: account.regions.filter((region) => region.provisioningState !== 'Creating').map((region) => region.name),
  };
}

function defaultProperties(kind: CosmosAccountKind): JsonObject {
  const mongo = kind === 'MongoDB';
  return {
    ipRules: [],
    isVirtualNetworkFilterEnabled: false,
    virtualNetworkRules: [],
    databaseAccountOfferType: 'Standard',
    disableKeyBasedMetadataWriteAccess: false,
    defaultIdentity: 'FirstPartyIdentity',
    consistencyPolicy: { defaultConsistencyLevel: 'Session', maxIntervalInSeconds: 5, maxStalenessPrefix: 100 },
    capabilities: mongo ? [{ name: 'EnableMongo' }] : [],
    cors: [],
    enableFreeTier: false,
    apiProperties: mongo ? { serverVersion: '4.2' } : {},
    enableAnalyticalStorage: false,
    enableBurstCapacity: false,
    enablePerRegionPerPartitionAutoscale: false,
    analyticalStorageConfiguration: { schemaType: mongo ? 'FullFidelity' : 'WellDefined' },
    createMode: 'Default',
    backupPolicy: {
      type: 'Periodic',
      periodicModeProperties: {
        backupIntervalInMinutes: 240,
        backupRetentionIntervalInHours: 8,
        backupStorageRedundancy: 'Geo',
      },
    },
    networkAclBypass: 'None',
    networkAclBypassResourceIds: [],
    enablePartitionMerge: false,
    minimalTlsVersion: 'Tls12',
    publicNetworkAccess: 'Enabled',
    enableAutomaticFailover: false,
    enableMultipleWriteLocations: false,
    disableLocalAuth: false,
  };
}

/** Settings override defaults; `consistencyPolicy` merges field by field because callers often send only the level. */
function effectiveProperties(account: CosmosAccount): JsonObject {
  const defaults = defaultProperties(account.kind);
  const merged: JsonObject = { ...defaults, ...account.settings };
  const consistency = account.settings.consistencyPolicy;
  if (isJsonObject(consistency) && isJsonObject(defaults.consistencyPolicy)) {
    merged.consistencyPolicy = { ...defaults.consistencyPolicy, ...consistency };
  }
  return merged;
}

function documentEndpoint(host: string): string {
  return `https://${host}.documents.azure.com:443/`;
}

export function renderCosmosAccount(
  account: CosmosAccount,
  connections: readonly CosmosConnection[],
): Record<string, unknown> {
  const properties = effectiveProperties(account);
  const accountHost = account.name.toLowerCase();
  const locations = account.regions.map((region) => ({
    id: `${accountHost}-${regionKey(region.name)}`,
    locationName: region.name,
    documentEndpoint: documentEndpoint(`${accountHost}-${regionKey(region.name)}`),
    provisioningState: region.provisioningState,
    failoverPriority: region.failoverPriority,
    isZoneRedundant: region.isZoneRedundant,
  }));
  const multiWrite = properties.enableMultipleWriteLocations === true;
  const keyGenerated = { generationTime: account.createdAt };
  return {
    id: account.id,
    name: account.name,
    location: account.location,
    type: COSMOS_ACCOUNT_TYPE,
    kind: account.kind,
    tags: account.tags,
    properties: {
      ...properties,
      provisioningState: account.provisioningState,
      documentEndpoint: documentEndpoint(accountHost),
      writeLocations: multiWrite ? locations : locations.filter((location) => location.failoverPriority === 0),
      readLocations: locations,
      locations,
      failoverPolicies: locations.map(({ id, locationName, failoverPriority }) => ({
        id,
        locationName,
        failoverPriority,
      })),
      privateEndpointConnections: connections.map((connection) => cosmosAccountConnectionEntry(account.id, connection)),
      instanceId: account.instanceId,
      keysMetadata: {
        primaryMasterKey: keyGenerated,
        secondaryMasterKey: keyGenerated,
        primaryReadonlyMasterKey: keyGenerated,
        secondaryReadonlyMasterKey: keyGenerated,
      },
    },
    ...(account.identity === undefined ? {} : { identity: account.identity }),
    systemData: { createdAt: account.createdAt },
  };
}
