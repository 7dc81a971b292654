/**
 * The diagnosis input, validated and indexed once: which endpoints the subject covers, each endpoint paired with its
 * connection on the target, and lookups of zones and records by name.
 */
import { recordSetKey, type RecordSetKey } from '../arm-identity';
import { normaliseDnsName, resourceKey } from '../plan/dns/names';
import type { EndpointClaims, ObservedConnection, ObservedEndpoint, ObservedRecordSet, ObservedZone } from '../model';
import { createPlacer, type Placement } from '../plan/dns/placement';
import { sameResourceId } from '../resource-id';
import { nameOf, requireResourceId } from './names';
import type { DiagnosisInput, DiagnosisTarget } from './types';

/** An endpoint and its connection on the target; either may be unknown (the other side could not be read). */
export interface Link {
  endpoint?: ObservedEndpoint;
  connection?: ObservedConnection;
}

export interface World {
  input: DiagnosisInput;
  target?: DiagnosisTarget;
  /** ARM ID of the target, or a Private Link Service alias when an endpoint subject reaches one by alias. */
  targetId: string;
  targetName: string;
  /** The endpoints the subject covers (all attached endpoints for a target, the one endpoint otherwise), by ID. */
  endpoints: ObservedEndpoint[];
  /** The connections the subject covers, paired with their endpoints. */
  links: Link[];
  claimsOf(endpoint: ObservedEndpoint): EndpointClaims;
  /** The copies of the zone whose records were read. */
  zonesNamed(zone: string): ObservedZone[];
  /** Every copy of the zone listed in scope, read or not (`DiagnosisInput.placement.copies`): placement counts them all. */
  copiesNamed(zone: string): ObservedZone[];
  /** Which copies of the zone serve the endpoint, as the planner places its records. */
  place(endpoint: ObservedEndpoint, zone: string): Placement;
  recordAt(zoneId: string, name: string): ObservedRecordSet | undefined;
}

const SUBJECT_KINDS = ['target', 'endpoint'];

export function buildWorld(input: DiagnosisInput): World {
  validate(input);
  const subjectEndpoint =
    input.subject.kind === 'endpoint' ? input.endpoints.find((e) => sameResourceId(e.id, input.subject.id)) : undefined;
  if (input.subject.kind === 'endpoint' && !subjectEndpoint) {
    throw new Error(`endpoints: expected the subject endpoint ${input.subject.id} among the endpoints`);
  }
  const targetId = input.target?.id ?? subjectEndpoint?.target ?? input.subject.id;
  const endpoints = (subjectEndpoint ? [subjectEndpoint] : [...input.endpoints]).sort(byId);

  const claims = new Map<ObservedEndpoint, EndpointClaims>();
  const zonesByName = new Map<string, ObservedZone[]>();
  for (const zone of [...input.zones].sort(byId)) {
    const name = normaliseDnsName(zone.name);
    zonesByName.set(name, [...(zonesByName.get(name) ?? []), zone]);
  }
  const copiesByName = new Map<string, ObservedZone[]>(zonesByName);
  for (const copy of [...(input.placement?.copies ?? [])].sort(byId)) {
    const name = normaliseDnsName(copy.name);
    const known = copiesByName.get(name) ?? [];
    if (!known.some((z) => sameResourceId(z.id, copy.id))) copiesByName.set(name, [...known, copy]);
  }
  const records = new Map<RecordSetKey, ObservedRecordSet>();
  for (const record of input.records) records.set(recordSetKey(record.zoneId, record.name), record);

  const placer = createPlacer(input.placement);
  return {
    input,
    ...(input.target ? { target: input.target } : {}),
    targetId,
    targetName: (input.target?.name ?? nameOf(targetId)).toLowerCase(),
    endpoints,
    links: linksOf(input, endpoints, subjectEndpoint),
    claimsOf: (endpoint) => {
      let found = claims.get(endpoint);
      if (!found) {
        found = input.claimsOf(endpoint);
        claims.set(endpoint, found);
      }
      return found;
    },
    zonesNamed: (zone) => zonesByName.get(normaliseDnsName(zone)) ?? [],
    copiesNamed: (zone) => copiesByName.get(normaliseDnsName(zone)) ?? [],
    place: (endpoint, zone) => placer(endpoint, copiesByName.get(normaliseDnsName(zone)) ?? []),
    recordAt: (zoneId, name) => records.get(recordSetKey(zoneId, name)),
  };
}

export function isApproved(endpoint: ObservedEndpoint): boolean {
  return endpoint.connectionStatus.trim().toLowerCase() === 'approved';
}

function linksOf(
  input: DiagnosisInput,
  endpoints: ObservedEndpoint[],
  subjectEndpoint: ObservedEndpoint | undefined,
): Link[] {
  const connectionOf = (endpoint: ObservedEndpoint) =>
    input.connections.find(
      (c) => c.privateEndpointId !== undefined && sameResourceId(c.privateEndpointId, endpoint.id),
    );
  const links: Link[] = endpoints.map((endpoint) => {
    const connection = connectionOf(endpoint);
    return connection ? { endpoint, connection } : { endpoint };
  });
  if (subjectEndpoint) return links;
  const unpaired = input.connections
    .filter(
      (c) =>
        !input.endpoints.some((e) => c.privateEndpointId !== undefined && sameResourceId(c.privateEndpointId, e.id)),
    )
    .sort(byId);
  return [...links, ...unpaired.map((connection) => ({ connection }))];
}

function byId(a: { id: string }, b: { id: string }): number {
  const x = a.id.toLowerCase();
  const y = b.id.toLowerCase();
  if (x < y) return -1;
  return x > y ? 1 : 0;
}

function validate(input: DiagnosisInput): void {
  const subject = input.subject as Partial<DiagnosisInput['subject']> | undefined;
  if (!subject || !SUBJECT_KINDS.includes(subject.kind as string)) {
    throw new Error(`subject.kind: expected one of ${SUBJECT_KINDS.join(', ')}, got ${JSON.stringify(subject?.kind)}`);
  }
  requireResourceId(subject.id, 'subject.id');
  for (const field of ['endpoints', 'connections', 'zones', 'records'] as const) {
    if (!Array.isArray(input[field])) throw new Error(`${field}: expected an array (empty when nothing was observed)`);
  }
  if (typeof input.claimsOf !== 'function')
    throw new Error('claimsOf: expected a claims resolver (claimsResolver(buildCatalogue(...)))');
  const seen = new Set<string>();
  input.endpoints.forEach((endpoint, n) => {
    const key = resourceKey(requireResourceId(endpoint.id, `endpoints[${n}].id`));
    if (seen.has(key))
      throw new Error(`endpoints[${n}].id: endpoint ${endpoint.id} is listed twice; expected each endpoint once`);
    seen.add(key);
  });
  if (input.target) validateTarget(input.target, input);
}

function validateTarget(target: DiagnosisTarget, input: DiagnosisInput): void {
  requireResourceId(target.id, 'target.id');
  if (input.subject.kind === 'target' && !sameResourceId(target.id, input.subject.id)) {
    throw new Error(`target.id: expected the subject's ID ${input.subject.id}, got ${target.id}`);
  }
  if (typeof target.type !== 'string' || target.type.trim() === '') {
    throw new Error(
      `target.type: expected a resource type such as Microsoft.DocumentDB/databaseAccounts, got ${JSON.stringify(target.type)}`,
    );
  }
  const regions = target.cosmos?.regions;
  if (target.cosmos && !Array.isArray(regions))
    throw new Error('target.cosmos.regions: expected an array of {name, failoverPriority}');
  regions?.forEach((region, n) => {
    if (typeof region.name !== 'string' || region.name.trim() === '') {
      throw new Error(
        `target.cosmos.regions[${n}].name: expected a region name such as "West US", got ${JSON.stringify(region.name)}`,
      );
    }
  });
}
