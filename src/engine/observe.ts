/**
 * Observation: what the scope holds (or what one resource concerns), read through the ARM ports. Failures are kept
 * beside the data instead of thrown, so a run goes on with what it could read and the plan knows what it missed.
 */
import { mapBounded } from '../core/map-bounded';
import type { ArmCallCount, ObservedConnection, ObservedEndpoint, ObservedRecordSet, ObservedZone, TargetSummary } from '../core/model';
import type { Observation, ObservationFailure, ResourceFocus } from '../core/plan';
import { resourceKey } from '../core/plan/dns/names';
import { parseResourceId, resourceType, tryParseResourceId } from '../core/resource-id';
import { assertInScope, isInScope, requireUsableScope } from '../core/scope';
import type { EngineContext } from './context';
import { observationFailure } from './failures';

const CONCURRENCY = 8;
const ENDPOINT_TYPE = 'microsoft.network/privateendpoints';
const CONNECTION_SEGMENT = '/privateendpointconnections/';

export interface ObserveRequest {
  /** Observe only what this resource concerns: a private endpoint, a private link target, or one of its connections. */
  resourceId?: string;
  /** Read targets and their connections (default true); a sweep needs only endpoints and records. */
  connections?: boolean;
  /** Read the records of these zones only (default: every zone in the DNS scope). */
  zoneIds?: readonly string[];
}

export async function observe(ctx: EngineContext, request: ObserveRequest = {}): Promise<Observation> {
  requireUsableScope(ctx.scope);
  // The guard runs before the first ARM call, whatever the caller asks for.
  if (request.resourceId !== undefined) assertInScope(ctx.scope, request.resourceId, 'resource');
  for (const zoneId of request.zoneIds ?? []) assertInScope(ctx.scope, zoneId, 'dns');
  const failures: ObservationFailure[] = [];
  const { value, calls } = await ctx.arm.meter.measure(async () => {
    const seen = request.resourceId === undefined ? await scopeEndpoints(ctx, failures) : await focusEndpoints(ctx, request.resourceId, failures);
    const { zones, records } = await readZones(ctx, failures, zoneFilter(request.zoneIds));
    const wanted = request.connections ?? true;
    const targets = wanted ? await targetsToRead(ctx, seen, failures) : [];
    const read = wanted ? await readConnections(ctx, targets, failures) : { targets: [], connections: [] };
    const focus = seen.focus && withConnectionEndpoints(seen.focus, read.connections);
    return { ...(focus ? { focus } : {}), endpoints: seen.endpoints, zones, records, ...read };
  });
  return { ...value, failures, calls };
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
  const { value, calls } = await ctx.arm.meter.measure(async () => {
    return readZones(ctx, failures, zoneFilter(zoneIds));
  });
  return { ...value, failures, calls };
}

function zoneFilter(zoneIds: readonly string[] | undefined): ((zoneId: string) => boolean) | undefined {
  if (zoneIds === undefined) return undefined;
  const wanted = new Set(zoneIds.map(resourceKey));
  return (zoneId) => wanted.has(resourceKey(zoneId));
}

interface SeenEndpoints {
  focus?: ResourceFocus;
  endpoints: ObservedEndpoint[];
  /** Targets the focus names (only those in scope are read). */
  focusTargets?: string[];
}

async function scopeEndpoints(ctx: EngineContext, failures: ObservationFailure[]): Promise<SeenEndpoints> {
  const endpoints: ObservedEndpoint[] = [];
  for (const subscriptionId of ctx.scope.subscriptions) {
    try {
      const observed = await ctx.arm.endpoints.observeSubscription(subscriptionId);
      endpoints.push(...observed.endpoints);
      failures.push(...observed.failures.map((f) => ({ stage: 'endpoint' as const, resourceId: f.endpointId, ...errorFields(f.error) })));
    } catch (error) {
      failures.push(observationFailure(ctx, 'endpoints', `/subscriptions/${subscriptionId}`, error));
    }
  }
  return { endpoints: distinctById(endpoints) };
}

async function focusEndpoints(ctx: EngineContext, resourceId: string, failures: ObservationFailure[]): Promise<SeenEndpoints> {
  if (focusKind(resourceId) === 'endpoint') {
    let subject: ObservedEndpoint | undefined;
    try {
      subject = (await ctx.arm.endpoints.observeEndpoint(resourceId)).endpoint;
    } catch (error) {
      failures.push(observationFailure(ctx, 'endpoint', resourceId, error));
    }
    const targetId = subject?.target || undefined;
    // Siblings on the same target claim the same names: without them a record they share would look wrong.
    const siblings = targetId ? await attachedEndpoints(ctx, targetId, failures) : [];
    return {
      focus: { resourceId, kind: 'endpoint', ...(targetId ? { targetId } : {}), endpointIds: [resourceKey(resourceId)] },
      endpoints: distinctById([...(subject ? [subject] : []), ...siblings]),
      focusTargets: targetId ? [targetId] : [],
    };
  }
  const targetId = targetOf(resourceId);
  const endpoints = await attachedEndpoints(ctx, targetId, failures);
  return {
    focus: { resourceId, kind: 'target', targetId, endpointIds: endpoints.map((e) => resourceKey(e.id)) },
    endpoints,
    focusTargets: [targetId],
  };
}

/** `endpoint` for a private endpoint ID; `target` for anything else with a resource type (a connection counts as its target). */
export function focusKind(resourceId: string): 'endpoint' | 'target' {
  const parsed = parseResourceId(resourceId);
  const type = resourceType(parsed);
  if (!type || !parsed.resourceGroup) {
    throw new Error(`resourceId: expected the ARM ID of a private endpoint or a private link target (Cosmos DB account, Key Vault, ...), got "${resourceId}"`);
  }
  return type.toLowerCase() === ENDPOINT_TYPE ? 'endpoint' : 'target';
}

function targetOf(resourceId: string): string {
  const at = resourceId.toLowerCase().lastIndexOf(CONNECTION_SEGMENT);
  return at < 0 ? resourceId : resourceId.slice(0, at);
}

async function attachedEndpoints(ctx: EngineContext, targetId: string, failures: ObservationFailure[]): Promise<ObservedEndpoint[]> {
  const endpoints: ObservedEndpoint[] = [];
  for (const subscriptionId of ctx.scope.subscriptions) {
    try {
      const observed = await ctx.arm.endpoints.observeSubscription(subscriptionId, { targetId });
      endpoints.push(...observed.endpoints);
      failures.push(...observed.failures.map((f) => ({ stage: 'endpoint' as const, resourceId: f.endpointId, ...errorFields(f.error) })));
    } catch (error) {
      failures.push(observationFailure(ctx, 'endpoints', `/subscriptions/${subscriptionId}`, error));
    }
  }
  return distinctById(endpoints);
}

async function readZones(
  ctx: EngineContext,
  failures: ObservationFailure[],
  include: (zoneId: string) => boolean = () => true,
): Promise<{ zones: ObservedZone[]; records: ObservedRecordSet[] }> {
  const subscriptionId = ctx.scope.dnsZoneSubscription as string;
  let zones: ObservedZone[];
  try {
    zones = (await ctx.arm.dns.listZones({ subscriptionId, resourceGroups: ctx.scope.dnsZoneResourceGroups })).zones;
  } catch (error) {
    failures.push(observationFailure(ctx, 'zones', `/subscriptions/${subscriptionId}`, error));
    return { zones: [], records: [] };
  }
  const inScope = zones.filter((zone) => isInScope(ctx.scope, zone.id, 'dns') && include(zone.id));
  const read = await mapBounded(inScope, CONCURRENCY, async (zone) => {
    try {
      return { zone, records: (await ctx.arm.dns.listRecordSets(zone.id)).records };
    } catch (error) {
      // A zone whose records are unknown is left out: nothing is planned in it rather than planned blind.
      failures.push(observationFailure(ctx, 'records', zone.id, error));
      return undefined;
    }
  });
  const kept = read.flatMap((r) => (r ? [r] : []));
  return { zones: kept.map((r) => r.zone), records: kept.flatMap((r) => r.records) };
}

interface TargetToRead {
  id: string;
  known?: TargetSummary;
}

/**
 * Whole scope: every listed target of the known types, plus the in-scope targets of observed endpoints. Focus: the
 * focus's target, when it is an ARM ID in scope (a Private Link Service known only by alias is its provider's).
 */
async function targetsToRead(ctx: EngineContext, seen: SeenEndpoints, failures: ObservationFailure[]): Promise<TargetToRead[]> {
  const byKey = new Map<string, TargetToRead>();
  const add = (id: string, known?: TargetSummary): void => {
    if (!tryParseResourceId(id) || !isInScope(ctx.scope, id, 'resource')) return;
    const key = resourceKey(id);
    if (!byKey.has(key) || known) byKey.set(key, known ? { id, known } : { id });
  };
  if (seen.focusTargets) {
    for (const id of seen.focusTargets) add(id);
    return [...byKey.values()];
  }
  for (const subscriptionId of ctx.scope.subscriptions) {
    const listed = await ctx.arm.targets.listTargets(subscriptionId);
    for (const target of listed.targets) add(target.id, target);
    failures.push(
      ...listed.failures.map((f) => ({
        stage: 'targets' as const,
        resourceId: `/subscriptions/${f.subscriptionId}/providers/${f.targetType}`,
        ...errorFields(f.error),
      })),
    );
  }
  for (const endpoint of seen.endpoints) if (!byKey.has(resourceKey(endpoint.target))) add(endpoint.target);
  return [...byKey.values()].sort((a, b) => resourceKey(a.id).localeCompare(resourceKey(b.id)));
}

async function readConnections(
  ctx: EngineContext,
  targets: TargetToRead[],
  failures: ObservationFailure[],
): Promise<{ targets: TargetSummary[]; connections: ObservedConnection[] }> {
  const read = await mapBounded(targets, CONCURRENCY, async ({ id, known }) => {
    try {
      return await ctx.arm.connections.listConnections(id, known);
    } catch (error) {
      failures.push(observationFailure(ctx, 'connections', id, error));
      return undefined;
    }
  });
  const found = read.flatMap((r) => (r ? [r] : []));
  return { targets: found.map((r) => r.target), connections: found.flatMap((r) => r.connections) };
}

/** A target focus also concerns the endpoints its connections name (in another subscription of the scope, say). */
function withConnectionEndpoints(focus: ResourceFocus, connections: ObservedConnection[]): ResourceFocus {
  if (focus.kind !== 'target') return focus;
  const ids = new Set(focus.endpointIds);
  for (const c of connections) if (c.privateEndpointId) ids.add(resourceKey(c.privateEndpointId));
  return { ...focus, endpointIds: [...ids].sort() };
}

function distinctById(endpoints: ObservedEndpoint[]): ObservedEndpoint[] {
  const byKey = new Map<string, ObservedEndpoint>();
  for (const endpoint of endpoints) byKey.set(resourceKey(endpoint.id), endpoint);
  return [...byKey.values()];
}

function errorFields(error: { code: string; message: string; transient: boolean }): Pick<ObservationFailure, 'code' | 'message' | 'transient'> {
  return { code: error.code, message: error.message, transient: error.transient };
}
