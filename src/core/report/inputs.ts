/**
 * A whole-scope observation split into the doctor's inputs, one target at a time: its endpoints and connections, the
 * zones (every copy, with links), the records that are not another target's, and the failures that concern it.
 * Pure: the same observation always gives the same inputs.
 */
import type { DiagnosisInput, DiagnosisOptions, DiagnosisTarget } from '../diagnose';
import type { ClaimsResolver, EndpointClaims, ObservedEndpoint, ObservedRecordSet } from '../model';
import { normaliseDnsName, resourceKey } from '../plan/dns/names';
import type { Observation, ObservationFailure } from '../plan/observation';
import { tryParseResourceId } from '../resource-id';

export interface FleetInputOptions {
  claimsOf: ClaimsResolver;
  /** The zones in scope that the catalogue says hold a target type's records (`DiagnosisInput.targetZoneNames`). */
  targetZoneNames: (targetType: string) => string[];
  options: DiagnosisOptions;
}

/** One target's inputs: one for an ARM target, one per endpoint for a Private Link Service known only by alias. */
export interface TargetInputs {
  /** ARM ID (as observed) or alias. */
  targetId: string;
  target?: DiagnosisTarget;
  inputs: DiagnosisInput[];
}

type FleetObservation = Pick<Observation, 'endpoints' | 'zones' | 'records' | 'targets' | 'connections' | 'failures'>;

export function fleetInputs(observation: FleetObservation, options: FleetInputOptions): TargetInputs[] {
  const claimsOf = cachedClaims(options.claimsOf);
  const keyOf = targetKeys();
  const groups = groupByTarget(observation, keyOf);
  const { unclaimed, claimedBy } = partitionRecords(observation.records, claimingTargets(groups, claimsOf));
  return [...groups.values()].map((group): TargetInputs => {
    const zoneNames = group.target ? options.targetZoneNames(group.target.type) : [];
    const records = [...unclaimed, ...(claimedBy.get(group.key) ?? [])];
    const base = {
      ...(group.target ? { target: group.target } : {}),
      endpoints: group.endpoints,
      connections: group.connections,
      zones: observation.zones,
      records,
      ...(group.target ? { targetZoneNames: zoneNames } : {}),
      claimsOf,
      options: options.options,
      failures: relevantFailures(observation.failures, group, claimsOf, zoneNames, keyOf),
    };
    const isArmId = tryParseResourceId(group.id) !== undefined;
    const inputs: DiagnosisInput[] = isArmId
      ? [{ subject: { kind: 'target', id: group.id }, ...base }]
      : group.endpoints.map((endpoint) => ({ subject: { kind: 'endpoint', id: endpoint.id }, ...base }));
    return { targetId: group.id, ...(group.target ? { target: group.target } : {}), inputs };
  });
}

interface TargetGroup {
  key: string;
  id: string;
  target?: DiagnosisTarget;
  endpoints: ObservedEndpoint[];
  connections: Observation['connections'];
}

function groupByTarget(observation: FleetObservation, keyOf: KeyOf): Map<string, TargetGroup> {
  const groups = new Map<string, TargetGroup>();
  const groupOf = (id: string): TargetGroup => {
    const key = keyOf(id);
    let group = groups.get(key);
    if (!group) {
      group = { key, id, endpoints: [], connections: [] };
      groups.set(key, group);
    }
    return group;
  };
  for (const target of observation.targets) groupOf(target.id).target = target;
  const seen = new Set<string>();
  for (const endpoint of observation.endpoints) {
    if (!endpoint.target || seen.has(keyOf(endpoint.id))) continue;
    seen.add(keyOf(endpoint.id));
    groupOf(endpoint.target).endpoints.push(endpoint);
  }
  for (const connection of observation.connections) groupOf(connection.targetId).connections.push(connection);
  return groups;
}

type KeyOf = (id: string) => string;

/** Target keys by ID, for one report: parsing an ID is the costly part, and the same IDs come up again and again. */
function targetKeys(): KeyOf {
  const keys = new Map<string, string>();
  return (id) => {
    let key = keys.get(id);
    if (key === undefined) {
      key = tryParseResourceId(id) ? resourceKey(id) : id.trim().toLowerCase();
      keys.set(id, key);
    }
    return key;
  };
}

/** Which targets' endpoints claim each (zone name, record name): such a record is not another target's to judge. */
function claimingTargets(groups: ReadonlyMap<string, TargetGroup>, claimsOf: ClaimsResolver): Map<string, Set<string>> {
  const claimedBy = new Map<string, Set<string>>();
  for (const group of groups.values()) {
    for (const endpoint of group.endpoints) {
      for (const claim of claimsOf(endpoint).claims) {
        const key = nameKey(claim.zone, claim.name);
        const targets = claimedBy.get(key) ?? new Set<string>();
        targets.add(group.key);
        claimedBy.set(key, targets);
      }
    }
  }
  return claimedBy;
}

/** Records no endpoint claims (every target may judge them stale), and each target's claimed records. */
function partitionRecords(
  records: readonly ObservedRecordSet[],
  claimants: ReadonlyMap<string, ReadonlySet<string>>,
): { unclaimed: ObservedRecordSet[]; claimedBy: Map<string, ObservedRecordSet[]> } {
  const unclaimed: ObservedRecordSet[] = [];
  const claimedBy = new Map<string, ObservedRecordSet[]>();
  for (const record of records) {
    const targets = claimants.get(nameKey(record.zone, record.name));
    if (!targets) unclaimed.push(record);
    for (const target of targets ?? []) claimedBy.set(target, [...(claimedBy.get(target) ?? []), record]);
  }
  return { unclaimed, claimedBy };
}

/**
 * The failures that concern a target: its own reads, its endpoints', listings of a whole subscription (what they
 * would have held may be its), and the records of the zones its names live in. The others are the report's alone.
 */
function relevantFailures(
  failures: readonly ObservationFailure[],
  group: TargetGroup,
  claimsOf: ClaimsResolver,
  targetZoneNames: readonly string[],
  keyOf: KeyOf,
): ObservationFailure[] {
  const targetKeyPrefix = `${group.key}/`;
  const endpointKeys = new Set([
    ...group.endpoints.map((e) => keyOf(e.id)),
    ...group.connections.flatMap((c) => (c.privateEndpointId ? [keyOf(c.privateEndpointId)] : [])),
  ]);
  const zones = new Set([
    ...targetZoneNames.map(normaliseDnsName),
    ...group.endpoints.flatMap((e) => claimsOf(e).claims.map((c) => normaliseDnsName(c.zone))),
  ]);
  return failures.filter((failure) => {
    const key = keyOf(failure.resourceId);
    if (key === group.key || key.startsWith(targetKeyPrefix)) return true;
    if (endpointKeys.has(key)) return true;
    const parsed = tryParseResourceId(failure.resourceId);
    const subscriptionWide = parsed !== undefined && parsed.resourceGroup === undefined;
    if ((failure.stage === 'endpoints' || failure.stage === 'zones') && subscriptionWide) return true;
    if (failure.stage === 'records') {
      const zone = parsed?.segments[parsed.segments.length - 1]?.name;
      return zone !== undefined && zones.has(normaliseDnsName(zone));
    }
    return false;
  });
}

function nameKey(zone: string, name: string): string {
  return `${normaliseDnsName(zone)}|${normaliseDnsName(name)}`;
}

/** Claims are derived once per endpoint for the whole report, not once per check and target. */
function cachedClaims(claimsOf: ClaimsResolver): ClaimsResolver {
  const cache = new Map<ObservedEndpoint, EndpointClaims>();
  return (endpoint) => {
    let claims = cache.get(endpoint);
    if (!claims) {
      claims = claimsOf(endpoint);
      cache.set(endpoint, claims);
    }
    return claims;
  };
}
