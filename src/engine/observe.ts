/**
 * Observation: what the scope holds (or what one resource concerns), read through the ARM ports. Failures are kept
 * beside the data instead of thrown, so a run goes on with what it could read and the plan knows what it missed.
 *
 * - A whole scope is read in pages: the subscriptions' endpoint and NIC listings, the targets' listings (which carry
 *   their connections), the zones' record set listings. Listings do not say which endpoints have a private DNS zone
 *   group; those a plan's record writes rest on are read afterwards (`readZoneGroups`, see `observeAndPlan`).
 * Observation never asks the planner what to read.
 * - One resource (an event's subject, `--resource`) costs what that resource needs, whatever the size of the estate:
 *   the target and its connections, the endpoints they name (by ID, with NICs and zone groups), and in each zone only
 *   the record names those endpoints claim (a GET each). See `observeFocus`.
 */
import {
  parseRecordSetId,
  recordSetKey,
  subjectKind,
  targetIfConnection,
  type SubjectKind,
} from '../core/arm-identity';
import { ARM_READS_IN_FLIGHT, mapBounded } from '../core/map-bounded';
import type {
  ArmCallCount,
  ObservedConnection,
  ObservedEndpoint,
  ObservedRecordSet,
  ObservedZone,
  TargetSummary,
} from '../core/model';
import {
  claimsOfObservation,
  recordSetId,
  type EarlierReads,
  type Observation,
  type ObservationFailure,
  type ResourceFocus,
} from '../core/plan';
import { recordedEndpoints } from '../core/plan/dns/ownership';
import { resourceKey } from '../core/plan/dns/names';
import { parseResourceId, resourceType, tryParseResourceId } from '../core/resource-id';
import { assertInScope, isInScope, requireUsableScope } from '../core/scope';
import type { EngineContext } from './context';
import { observationFailure } from './failures';
import { readPlacementFacts } from './placement-reads';
import type { EndpointReadFailure } from './ports';

/** Rounds of "a record we read names an endpoint we have not read": each round reads those endpoints and their names. */
const MAX_METADATA_ROUNDS = 3;

export interface ObserveRequest {
  /** Observe only what this resource concerns: a private endpoint, a private link target, or one of its connections. */
  resourceId?: string;
  /** Read targets and their connections (default true); a sweep needs only endpoints and records. */
  connections?: boolean;
  /**
   * What an earlier step of the same run read of private DNS (focused runs only): its zones are not listed again and
   * its record names not read again, and its names are part of this observation even when the focus's endpoints no
   * longer claim them. After a refresh an endpoint no longer claims a removed region's name; the step before the
   * refresh read it, and passing it on lets this step find (and delete) the record.
   */
  earlier?: EarlierReads;
  /**
   * What of `earlier` to take as read: the target and its connections (a step that does not decide connections), the
   * endpoints (a step that writes no record). Zones and record names are always taken.
   */
  reuse?: { target?: boolean; endpoints?: boolean };
  /**
   * Read the links of every zone copy the endpoints claim in, and the peerings of their networks, even where the scope
   * holds one copy (`doctor` checks the links; a reconcile needs them only to place endpoints among several copies).
   */
  links?: boolean;
  /** Read the records of these zones only (default: every zone in the DNS scope). */
  zoneIds?: readonly string[];
}

export async function observe(ctx: EngineContext, request: ObserveRequest = {}): Promise<Observation> {
  requireUsableScope(ctx.scope);
  // The guard runs before the first ARM call, whatever the caller asks for.
  if (request.resourceId !== undefined) assertInScope(ctx.scope, request.resourceId, 'resource');
  for (const zoneId of request.zoneIds ?? []) assertInScope(ctx.scope, zoneId, 'dns');
  const failures: ObservationFailure[] = [];
  const { value, calls } = await ctx.arm.meter.measure(async () =>
    request.resourceId === undefined
      ? observeScope(ctx, request, failures)
      : observeFocus(ctx, request.resourceId, request, failures),
  );
  return { ...value, failures, calls };
}

type Observed = Omit<Observation, 'failures' | 'calls'>;

async function observeScope(
  ctx: EngineContext,
  request: ObserveRequest,
  failures: ObservationFailure[],
): Promise<Observed> {
  const endpoints = await scopeEndpoints(ctx, failures);
  const listed = await readZones(ctx, failures, zoneFilter(request.zoneIds));
  const placement = await readPlacementFacts(ctx, endpoints, listed.zones, {}, failures, { copies: listed.copies });
  const wanted = request.connections ?? true;
  const read = wanted ? await scopeConnections(ctx, endpoints, failures) : { targets: [], connections: [] };
  return { endpoints, records: listed.records, ...placement, ...read };
}

export interface ZoneObservation {
  zones: ObservedZone[];
  records: ObservedRecordSet[];
  failures: ObservationFailure[];
  calls: ArmCallCount;
}

/** The zones of the DNS scope (or only those named) and their A record sets. */
export async function observeZones(ctx: EngineContext, zoneIds?: readonly string[]): Promise<ZoneObservation> {
  requireUsableScope(ctx.scope);
  for (const zoneId of zoneIds ?? []) assertInScope(ctx.scope, zoneId, 'dns');
  const failures: ObservationFailure[] = [];
  const { value, calls } = await ctx.arm.meter.measure(async () => readZones(ctx, failures, zoneFilter(zoneIds)));
  return { zones: value.zones, records: value.records, failures, calls };
}

function zoneFilter(zoneIds: readonly string[] | undefined): ((zoneId: string) => boolean) | undefined {
  if (zoneIds === undefined) return undefined;
  const wanted = new Set(zoneIds.map(resourceKey));
  return (zoneId) => wanted.has(resourceKey(zoneId));
}

async function scopeEndpoints(ctx: EngineContext, failures: ObservationFailure[]): Promise<ObservedEndpoint[]> {
  const endpoints: ObservedEndpoint[] = [];
  for (const subscriptionId of ctx.scope.subscriptions) {
    try {
      const observed = await ctx.arm.endpoints.observeSubscription(subscriptionId);
      endpoints.push(...observed.endpoints);
      failures.push(...observed.failures.map(endpointFailure));
    } catch (error) {
      failures.push(observationFailure(ctx, 'endpoints', `/subscriptions/${subscriptionId}`, error));
    }
  }
  return distinctById(endpoints);
}

/**
 * The zone groups of these listed endpoints (those a plan's record writes rest on: see `zoneGroupsToRead`), read and
 * put into the observation. An endpoint whose zone groups cannot be read keeps its claims (they still protect its
 * records) and its failure holds the plan's deletes.
 */
export async function readZoneGroups(
  ctx: EngineContext,
  observation: Observation,
  endpointIds: readonly string[],
): Promise<Observation> {
  const read = await ctx.arm.endpoints.zoneGroupsOf(endpointIds);
  const known = new Map(read.zoneGroups.map((z) => [resourceKey(z.endpointId), z]));
  const endpoints = observation.endpoints.map((endpoint) => {
    const groups = known.get(resourceKey(endpoint.id));
    if (!groups) return endpoint;
    const { zoneGroupsUnread: _unread, ...rest } = endpoint;
    return {
      ...rest,
      managedByZoneGroup: groups.managedByZoneGroup,
      ...(groups.zoneGroupZones.length > 0 ? { zoneGroupZones: groups.zoneGroupZones } : {}),
    };
  });
  return {
    ...observation,
    endpoints,
    failures: [...observation.failures, ...read.failures.map(endpointFailure)],
    calls: sumCalls(observation.calls, read.calls),
  };
}

function sumCalls(a: ArmCallCount, b: ArmCallCount): ArmCallCount {
  return { reads: a.reads + b.reads, writes: a.writes + b.writes, deletes: a.deletes + b.deletes };
}

/**
 * One resource: the target (the focus, or the focus endpoint's) and its connections, the in-scope endpoints the
 * connections name (by ID), the zones in scope (one listing, without their links) and, in each, only the record names
 * those endpoints claim, plus `request.recordSetIds`. A record we read that names, in our ownership metadata, an
 * endpoint not yet read brings that endpoint in (another claimant of a shared name), and its names with it.
 *
 * Why this finds what a focused run may change: it writes only records its endpoints claim (read by name), and deletes
 * only records written for its endpoints that none of them claims any more. Such a record is a name an endpoint
 * claimed before a refresh: the run reads it before refreshing (the NIC still lists the removed region's member until
 * the refresh PUT) and the activities pass it on (`recordSetIds`). A record left behind by a refresh made outside the
 * autopilot is named by nothing a focused run reads; the whole-scope pass and the orphan sweep find it.
 */
async function observeFocus(
  ctx: EngineContext,
  resourceId: string,
  request: ObserveRequest,
  failures: ObservationFailure[],
): Promise<Observed> {
  const kind = focusKind(resourceId);
  const endpoints = new Map<string, ObservedEndpoint>();
  const earlierEndpoints = request.reuse?.endpoints ? (request.earlier?.endpoints ?? []) : [];
  for (const endpoint of earlierEndpoints)
    if (isInScope(ctx.scope, endpoint.id, 'resource')) endpoints.set(resourceKey(endpoint.id), endpoint);
  let subject: ObservedEndpoint | undefined = kind === 'endpoint' ? endpoints.get(resourceKey(resourceId)) : undefined;
  if (kind === 'endpoint' && !subject) {
    try {
      subject = (await ctx.arm.endpoints.observeEndpoint(resourceId)).endpoint;
      endpoints.set(resourceKey(subject.id), subject);
    } catch (error) {
      failures.push(observationFailure(ctx, 'endpoint', resourceId, error));
    }
  }
  const targetId = kind === 'endpoint' ? subject?.target || undefined : targetIfConnection(resourceId);
  const earlierTarget =
    request.reuse?.target && request.earlier?.target && request.earlier.connections
      ? { target: request.earlier.target, connections: request.earlier.connections }
      : undefined;
  const read = targetId
    ? earlierTarget && resourceKey(earlierTarget.target.id) === resourceKey(targetId)
      ? earlierTarget
      : await focusTarget(ctx, targetId, failures)
    : undefined;
  const connectionEndpoints = (read?.connections ?? []).flatMap((c) =>
    c.privateEndpointId && isInScope(ctx.scope, c.privateEndpointId, 'resource') ? [c.privateEndpointId] : [],
  );
  await readEndpointsById(ctx, connectionEndpoints, endpoints, failures);

  const onlyZones = zoneFilter(request.zoneIds);
  const earlier = request.earlier;
  const known =
    earlier && earlier.zones.length > 0
      ? earlier.zones.filter((z) => isInScope(ctx.scope, z.id, 'dns'))
      : await listZones(ctx, failures);
  const zones = known.filter((z) => !onlyZones || onlyZones(z.id));
  const records = new Map<string, ObservedRecordSet>();
  const asked = new Set<string>();
  const claimsOf = claimsOfObservation(ctx, { zones });
  const usable = new Set<string>(zones.map((z) => resourceKey(z.id)));
  const extra = (earlier?.recordSetIds ?? []).flatMap((id) => parseRecordSetId(id) ?? []);
  for (const { zoneId, name } of extra) if (usable.has(resourceKey(zoneId))) asked.add(recordSetKey(zoneId, name));
  for (const record of earlier?.records ?? []) {
    const key = recordSetKey(record.zoneId, record.name);
    if (asked.has(key)) records.set(key, record);
  }
  for (let round = 0; ; round++) {
    const names = [...extra, ...[...endpoints.values()].flatMap((e) => claimedNames(claimsOf(e).claims, zones))];
    await readNames(ctx, names, asked, records, usable, failures);
    const unread = namedEndpoints(ctx, [...records.values()], endpoints);
    if (unread.length === 0) break;
    if (round === MAX_METADATA_ROUNDS) {
      // Claims still unknown: they hold the plan's deletes.
      for (const id of unread)
        failures.push({
          stage: 'endpoint',
          resourceId: id,
          code: 'NotRead',
          message: 'named by a record read, not read within the rounds a focused run takes',
          transient: true,
        });
      break;
    }
    await readEndpointsById(ctx, unread, endpoints, failures);
  }

  const focusIds =
    kind === 'endpoint' ? [resourceKey(resourceId)] : [...new Set([...connectionEndpoints.map(resourceKey)])].sort();
  const focus: ResourceFocus = { resourceId, kind, ...(targetId ? { targetId } : {}), endpointIds: focusIds };
  const wanted = request.connections ?? true;
  const kept = zones.filter((z) => usable.has(resourceKey(z.id)));
  const keptKeys = new Set(kept.map((z) => resourceKey(z.id)));
  const placement = await readPlacementFacts(ctx, [...endpoints.values()], kept, earlier ?? {}, failures, {
    always: request.links === true,
    copies: known,
  });
  return {
    focus,
    endpoints: [...endpoints.values()],
    ...placement,
    records: [...records.values()].filter((r) => keptKeys.has(resourceKey(r.zoneId))),
    recordSetIds: [...asked]
      .flatMap((key) => parseRecordSetId(key) ?? [])
      .filter(({ zoneId }) => keptKeys.has(zoneId))
      .map(({ zoneId, name }) => recordSetId(zoneId, name))
      .sort(),
    targets: wanted && read?.target ? [read.target] : [],
    connections: wanted ? (read?.connections ?? []) : [],
  };
}

/** `endpoint` for a private endpoint ID; `target` for anything else with a resource type (a connection counts as its target). */
export function focusKind(resourceId: string): SubjectKind {
  const parsed = parseResourceId(resourceId);
  const type = resourceType(parsed);
  if (!type || !parsed.resourceGroup) {
    throw new Error(
      `resourceId: expected the ARM ID of a private endpoint or a private link target (Cosmos DB account, Key Vault, ...), got "${resourceId}"`,
    );
  }
  return subjectKind(parsed);
}

/**
 * The focus's target and its connections, when it is an ARM ID in scope (a Private Link Service known only by alias is
 * its provider's). The connections name the endpoints that share the target's records: when they cannot be read,
 * those endpoints' claims are unknown, which holds the plan's deletes.
 */
async function focusTarget(
  ctx: EngineContext,
  targetId: string,
  failures: ObservationFailure[],
): Promise<{ target: TargetSummary; connections: ObservedConnection[] } | undefined> {
  if (!tryParseResourceId(targetId) || !isInScope(ctx.scope, targetId, 'resource')) return undefined;
  try {
    return await ctx.arm.connections.listConnections(targetId);
  } catch (error) {
    failures.push(observationFailure(ctx, 'connections', targetId, error));
    failures.push(observationFailure(ctx, 'endpoints', targetId, error));
    return undefined;
  }
}

/** Endpoints by ID, skipping those already read. One that does not exist (404) is gone and claims nothing. */
async function readEndpointsById(
  ctx: EngineContext,
  ids: readonly string[],
  into: Map<string, ObservedEndpoint>,
  failures: ObservationFailure[],
): Promise<void> {
  const wanted = [
    ...new Map(ids.filter((id) => !into.has(resourceKey(id))).map((id) => [resourceKey(id), id])).values(),
  ];
  if (wanted.length === 0) return;
  const read = await ctx.arm.endpoints.observeEndpoints(wanted);
  for (const endpoint of read.endpoints) into.set(resourceKey(endpoint.id), endpoint);
  failures.push(...read.failures.filter((f) => f.error.status !== 404).map(endpointFailure));
}

/** In-scope endpoints our ownership metadata on these records names that were not read yet. */
function namedEndpoints(
  ctx: EngineContext,
  records: readonly ObservedRecordSet[],
  read: ReadonlyMap<string, ObservedEndpoint>,
): string[] {
  const named = new Set<string>();
  for (const record of records) {
    for (const id of recordedEndpoints(record.metadata)) {
      if (!read.has(resourceKey(id)) && tryParseResourceId(id) && isInScope(ctx.scope, id, 'resource')) named.add(id);
    }
  }
  return [...named].sort();
}

interface ZoneName {
  zoneId: string;
  name: string;
}

function claimedNames(
  claims: ReadonlyArray<{ zone: string; name: string }>,
  zones: readonly ObservedZone[],
): ZoneName[] {
  return claims.flatMap((claim) =>
    zones
      .filter((z) => z.name === claim.zone.toLowerCase())
      .map((z) => ({ zoneId: z.id, name: claim.name.toLowerCase() })),
  );
}

/**
 * GETs the names not asked for yet, zone by zone. A zone where a read fails is taken out of `usable`: nothing is planned
 * in it rather than planned blind.
 */
async function readNames(
  ctx: EngineContext,
  names: readonly ZoneName[],
  asked: Set<string>,
  into: Map<string, ObservedRecordSet>,
  usable: Set<string>,
  failures: ObservationFailure[],
): Promise<void> {
  const byZone = new Map<string, { zoneId: string; names: string[] }>();
  for (const { zoneId, name } of names) {
    const zoneKey = resourceKey(zoneId);
    const key = recordSetKey(zoneId, name);
    if (!usable.has(zoneKey) || asked.has(key)) continue;
    asked.add(key);
    const entry = byZone.get(zoneKey) ?? { zoneId, names: [] };
    entry.names.push(name);
    byZone.set(zoneKey, entry);
  }
  await mapBounded([...byZone.values()], ARM_READS_IN_FLIGHT, async ({ zoneId, names: wanted }) => {
    try {
      for (const record of (await ctx.arm.dns.getRecordSets(zoneId, wanted)).records)
        into.set(recordSetKey(record.zoneId, record.name), record);
    } catch (error) {
      usable.delete(resourceKey(zoneId));
      failures.push(observationFailure(ctx, 'records', zoneId, error));
    }
  });
}

/** The zones of the DNS scope that are in scope, without their links (a reconcile does not need them). */
async function listZones(ctx: EngineContext, failures: ObservationFailure[]): Promise<ObservedZone[]> {
  const subscriptionId = ctx.scope.dnsZoneSubscription as string;
  try {
    const { zones } = await ctx.arm.dns.listZones(
      { subscriptionId, resourceGroups: ctx.scope.dnsZoneResourceGroups },
      { links: false },
    );
    return zones.filter((zone) => isInScope(ctx.scope, zone.id, 'dns'));
  } catch (error) {
    failures.push(observationFailure(ctx, 'zones', `/subscriptions/${subscriptionId}`, error));
    return [];
  }
}

async function readZones(
  ctx: EngineContext,
  failures: ObservationFailure[],
  include: (zoneId: string) => boolean = () => true,
): Promise<{ zones: ObservedZone[]; records: ObservedRecordSet[]; copies: ObservedZone[] }> {
  const subscriptionId = ctx.scope.dnsZoneSubscription as string;
  let zones: ObservedZone[];
  try {
    zones = (await ctx.arm.dns.listZones({ subscriptionId, resourceGroups: ctx.scope.dnsZoneResourceGroups })).zones;
  } catch (error) {
    failures.push(observationFailure(ctx, 'zones', `/subscriptions/${subscriptionId}`, error));
    return { zones: [], records: [], copies: [] };
  }
  const copies = zones.filter((zone) => isInScope(ctx.scope, zone.id, 'dns'));
  const inScope = copies.filter((zone) => include(zone.id));
  const read = await mapBounded(inScope, ARM_READS_IN_FLIGHT, async (zone) => {
    try {
      return { zone, records: (await ctx.arm.dns.listRecordSets(zone.id)).records };
    } catch (error) {
      // A zone whose records are unknown is left out: nothing is planned in it rather than planned blind.
      failures.push(observationFailure(ctx, 'records', zone.id, error));
      return undefined;
    }
  });
  const kept = read.flatMap((r) => (r ? [r] : []));
  return { zones: kept.map((r) => r.zone), records: kept.flatMap((r) => r.records), copies };
}

/**
 * Whole scope: every listed target of the known types (their listings carry their connections), plus the in-scope
 * targets of observed endpoints that no listing covered (read one by one).
 */
async function scopeConnections(
  ctx: EngineContext,
  endpoints: readonly ObservedEndpoint[],
  failures: ObservationFailure[],
): Promise<{ targets: TargetSummary[]; connections: ObservedConnection[] }> {
  const targets = new Map<string, TargetSummary>();
  const connections: ObservedConnection[] = [];
  const toRead = new Map<string, { id: string; known?: TargetSummary }>();
  for (const subscriptionId of ctx.scope.subscriptions) {
    const listed = await ctx.arm.targets.listTargets(subscriptionId);
    for (const target of listed.targets) {
      if (!isInScope(ctx.scope, target.id, 'resource')) continue;
      const inline = listed.connections?.[target.id.toLowerCase()];
      if (inline) {
        targets.set(resourceKey(target.id), target);
        connections.push(...inline);
      } else toRead.set(resourceKey(target.id), { id: target.id, known: target });
    }
    failures.push(
      ...listed.failures.map((f) => ({
        stage: 'targets' as const,
        resourceId: `/subscriptions/${f.subscriptionId}/providers/${f.targetType}`,
        ...errorFields(f.error),
      })),
    );
  }
  for (const endpoint of endpoints) {
    const key = resourceKey(endpoint.target);
    if (
      !targets.has(key) &&
      !toRead.has(key) &&
      tryParseResourceId(endpoint.target) &&
      isInScope(ctx.scope, endpoint.target, 'resource')
    ) {
      toRead.set(key, { id: endpoint.target });
    }
  }
  const read = await mapBounded(
    [...toRead.values()].sort((a, b) => resourceKey(a.id).localeCompare(resourceKey(b.id))),
    ARM_READS_IN_FLIGHT,
    async ({ id, known }) => {
      try {
        return await ctx.arm.connections.listConnections(id, known);
      } catch (error) {
        failures.push(observationFailure(ctx, 'connections', id, error));
        return undefined;
      }
    },
  );
  for (const found of read) {
    if (!found) continue;
    targets.set(resourceKey(found.target.id), found.target);
    connections.push(...found.connections);
  }
  return {
    targets: [...targets.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, t]) => t),
    connections,
  };
}

function distinctById(endpoints: ObservedEndpoint[]): ObservedEndpoint[] {
  const byKey = new Map<string, ObservedEndpoint>();
  for (const endpoint of endpoints) byKey.set(resourceKey(endpoint.id), endpoint);
  return [...byKey.values()];
}

function endpointFailure(f: EndpointReadFailure): ObservationFailure {
  return { stage: 'endpoint', resourceId: f.endpointId, ...errorFields(f.error) };
}

function errorFields(error: {
  code: string;
  message: string;
  transient: boolean;
}): Pick<ObservationFailure, 'code' | 'message' | 'transient'> {
  return { code: error.code, message: error.message, transient: error.transient };
}
