/**
 * The reconcile job's plan, for a whole scope or one resource. `planChanges` reads refreshes, DNS changes and connection
 * decisions off observed state; `planReconcile` adds what only a run knows: deletes held while some endpoint's claims
 * are unknown, the resource a run is limited to, pending connections that belong to someone outside the scope, and
 * what a run of its kind may do (`RunPolicy`).
 */
import type { Catalogue } from '../catalogue';
import { claimsResolver, possibleZones } from '../claims';
import { recordedEndpoints } from './dns/ownership';
import { recordFqdn, resourceKey } from './dns/names';
import type { PlacementFacts } from './dns/placement';
import type { DnsPlanOptions, DnsRecordChange } from './dns/types';
import type { ClaimsResolver, ObservedConnection, ObservedEndpoint, ObservedRecordSet } from '../model';
import { decideSafely, type ApprovalPolicy, type PolicyError } from '../policy';
import { recordSetId } from '../arm-identity';
import type {
  ConnectionChange,
  DnsChange,
  EndpointRefreshChange,
  PlanSkip,
  PlannedChange,
  ReconcileInput,
  ReconcilePlan,
} from './changes';
import { planDns, type DnsSkip } from './plan-dns';
import { tryParseResourceId } from '../resource-id';
import { isInScope, type Scope } from '../scope';
import type { Settings } from '../settings';
import { isConnectionChange, isRefresh } from './change-kinds';
import { applyRunPolicy, type RunPolicy } from './run-policy';
import { claimsUnknown, explainUnreadableZones, type Observation, type ResourceFocus } from './observation';

/** What planning reads from the engine context; no clients, no clock. */
export interface PlanContext {
  settings: Pick<Settings, 'ownershipMode' | 'instanceId' | 'recordTtlSeconds'> &
    Partial<Pick<Settings, 'dnsZonePlacement'>>;
  scope: Scope;
  policy: ApprovalPolicy | PolicyError;
  catalogue: Catalogue;
}

export function planReconcile(ctx: PlanContext, observation: Observation, policy: RunPolicy): ReconcilePlan {
  return applyRunPolicy(ctx, planObserved(ctx, observation), policy);
}

/** Everything the observation calls for, before any run policy (the endpoint clean-up keeps its deletes). */
export function planObserved(ctx: PlanContext, observation: Observation): ReconcilePlan {
  const claimsOf = claimsOfObservation(ctx, observation);
  const focus = observation.focus;
  const plan = planChanges({
    endpoints: observation.endpoints,
    zones: observation.zones,
    records: observation.records,
    connections: observation.connections,
    policy: ctx.policy,
    claimsOf,
    possibleZones: possibleZonesOf(ctx),
    placement: placementOf(ctx, observation),
    dns: dnsOptions(ctx, focus),
  });
  const held = holdDeletes(
    holdUnseenClaims(explainUnreadableZones(plan, observation.failures), ctx.scope),
    observation,
  );
  const withOutsiders = {
    ...held,
    skipped: [
      ...held.skipped,
      ...outsideConnections(ctx.scope, observation.endpoints),
      ...failedEndpoints(observation.endpoints),
    ],
  };
  return focus ? limitToFocus(withOutsiders, focus, observation, claimsOf) : withOutsiders;
}

/** What a provisioning endpoint could claim, from its target's service in the catalogue: where its unknown claims hold deletes. */
export function possibleZonesOf(
  ctx: Pick<PlanContext, 'catalogue'>,
): (endpoint: ObservedEndpoint) => ((zone: string) => boolean) | undefined {
  return (endpoint) => possibleZones(ctx.catalogue, endpoint);
}

/** What places each endpoint's claims in the copies of a zone that serve it: the peerings read and the setting. */
export function placementOf(
  ctx: Pick<PlanContext, 'settings'>,
  observation: Pick<Observation, 'peerings' | 'zoneCopies'>,
): PlacementFacts {
  return {
    peerings: observation.peerings ?? [],
    rules: ctx.settings.dnsZonePlacement ?? [],
    ...(observation.zoneCopies ? { copies: observation.zoneCopies } : {}),
  };
}

export function claimsOfObservation(
  ctx: Pick<PlanContext, 'catalogue'>,
  observation: Pick<Observation, 'zones'>,
): ClaimsResolver {
  return claimsResolver(ctx.catalogue, { existingZoneNames: observation.zones.map((z) => z.name) });
}

export function dnsOptions(ctx: Pick<PlanContext, 'settings'>, focus?: ResourceFocus): DnsPlanOptions {
  return {
    ownershipMode: ctx.settings.ownershipMode,
    instanceId: ctx.settings.instanceId,
    ttlSeconds: ctx.settings.recordTtlSeconds,
    ...(focus ? { deletable: writtenFor(focus.endpointIds) } : {}),
  };
}

/** A record may be deleted by a run about one resource only when we wrote it for one of that resource's endpoints. */
export function writtenFor(endpointIds: readonly string[]): (record: ObservedRecordSet) => boolean {
  const ids = new Set(endpointIds.map(resourceKey));
  return (record) => recordedEndpoints(record.metadata).some((id) => ids.has(resourceKey(id)));
}

/** While an endpoint could not be read its claims are unknown, not absent: no record may be deleted on that basis. */
export function holdDeletes(plan: ReconcilePlan, observation: Pick<Observation, 'failures'>): ReconcilePlan {
  const unknown = claimsUnknown(observation.failures);
  if (unknown.length === 0) return plan;
  const what = unknown.map((f) => f.resourceId).join(', ');
  const skipped: PlanSkip[] = [];
  const changes = plan.changes.filter((change) => {
    if (change.kind !== 'dns-delete') return true;
    skipped.push({
      resourceId: change.resourceId,
      cause: 'observation-failed',
      reason: `delete held (${change.reason}): ${what} could not be observed, so its claims are unknown`,
    });
    return false;
  });
  return { ...plan, changes, skipped: [...plan.skipped, ...skipped] };
}

/**
 * Endpoints outside the scope that a record was written for. The zone is shared and this run cannot read them, so
 * whether they still claim the record is unknown: it must not be deleted or marked orphaned on this run's word.
 */
export function unseenClaimants(scope: Scope, record: Pick<DnsRecordChange, 'metadata'>): string[] {
  return recordedEndpoints(record.metadata).filter((id) => !isInScope(scope, id, 'resource'));
}

/** Deletes of records written for endpoints outside the scope, held (see `unseenClaimants`). */
function holdUnseenClaims(plan: ReconcilePlan, scope: Scope): ReconcilePlan {
  const skipped: PlanSkip[] = [];
  const changes = plan.changes.filter((change) => {
    if (change.kind !== 'dns-delete') return true;
    const unseen = unseenClaimants(scope, change.record);
    if (unseen.length === 0) return true;
    skipped.push({
      resourceId: change.resourceId,
      cause: 'claimant-outside-scope',
      reason: unseenReason(change.reason, unseen),
    });
    return false;
  });
  return { ...plan, changes, skipped: [...plan.skipped, ...skipped] };
}

export function unseenReason(planned: string, unseen: readonly string[]): string {
  return `delete held (${planned}): it was written for ${unseen.join(', ')}, outside the scope, so whether that still claims it is unknown`;
}

/**
 * Endpoints Azure left Failed: they will not finish on their own. Their unknown claims hold deletes in their own zones
 * only, and only until the orphan sweep's grace has passed; what they need is a person to recreate them.
 */
function failedEndpoints(endpoints: readonly ObservedEndpoint[]): PlanSkip[] {
  return endpoints
    .filter((e) => e.provisioningState.trim().toLowerCase() === 'failed')
    .map((e) => ({
      resourceId: e.id,
      cause: 'endpoint-failed',
      reason:
        "provisioningState Failed: Azure will not finish it; recreate the private endpoint (records it could claim are held at most until the orphan sweep's grace has passed)",
    }));
}

/**
 * Pending connections to targets outside the scope, or to a Private Link Service known only by its alias (a SaaS
 * provider's), are their owner's to decide: reported, never attempted.
 */
function outsideConnections(scope: Scope, endpoints: readonly ObservedEndpoint[]): PlanSkip[] {
  return endpoints
    .filter((e) => e.connectionStatus.trim().toLowerCase() === 'pending' && e.target && !targetInScope(scope, e.target))
    .map((e) => ({
      resourceId: e.id,
      cause: 'connection-outside-scope',
      reason: tryParseResourceId(e.target)
        ? `its connection to ${e.target} is Pending; the target is outside the scope, so its owner approves it`
        : `its connection to the Private Link Service alias ${e.target} is Pending; the service's owner (e.g. the SaaS provider) approves it`,
    }));
}

function targetInScope(scope: Scope, target: string): boolean {
  return tryParseResourceId(target) !== undefined && isInScope(scope, target, 'resource');
}

/** A run about one resource changes only that resource's endpoints, connections and records; the rest is reported elsewhere. */
function limitToFocus(
  plan: ReconcilePlan,
  focus: ResourceFocus,
  observation: Observation,
  claimsOf: ClaimsResolver,
): ReconcilePlan {
  const endpoints = new Set(focus.endpointIds.map(resourceKey));
  const concernsFocus = (ids: readonly string[]) => ids.some((id) => endpoints.has(resourceKey(id)));
  const connections = new Set(
    observation.connections
      .filter((c) => c.privateEndpointId && concernsFocus([c.privateEndpointId]))
      .map((c) => resourceKey(c.id)),
  );
  if (focus.kind === 'target') for (const c of observation.connections) connections.add(resourceKey(c.id));
  const related = relatedResourceIds(focus, observation, claimsOf, connections);
  const keep = (change: PlannedChange): boolean => {
    if (isRefresh(change)) return endpoints.has(resourceKey(change.resourceId));
    if (isConnectionChange(change)) return connections.has(resourceKey(change.resourceId));
    // Unclaimed records (deletes, orphan marks) already passed `deletable`, which limits them to the focus.
    return change.record.endpoints.length === 0 || concernsFocus(change.record.endpoints);
  };
  return {
    changes: plan.changes.filter(keep),
    conflicts: plan.conflicts.filter((c) => concernsFocus(c.claimants.map((claimant) => claimant.endpointId))),
    skipped: plan.skipped.filter((s) => related.has(relatedKey(s.resourceId))),
  };
}

/** Everything a focus's skips may be about: its endpoints, its connections, the records and FQDNs its endpoints claim or we wrote for them. */
function relatedResourceIds(
  focus: ResourceFocus,
  observation: Observation,
  claimsOf: ClaimsResolver,
  connections: Set<string>,
): Set<string> {
  const related = new Set<string>([...focus.endpointIds, ...connections].map(relatedKey));
  const focusEndpoints = observation.endpoints.filter((e) => focus.endpointIds.includes(resourceKey(e.id)));
  const zonesByName = new Map<string, string[]>();
  for (const zone of observation.zones) zonesByName.set(zone.name, [...(zonesByName.get(zone.name) ?? []), zone.id]);
  for (const endpoint of focusEndpoints) {
    const claims = claimsOf(endpoint);
    for (const claim of claims.claims) {
      for (const zoneId of zonesByName.get(claim.zone) ?? []) related.add(relatedKey(recordSetId(zoneId, claim.name)));
      related.add(relatedKey(recordFqdn(claim.zone, claim.name)));
    }
    for (const unmapped of claims.unmapped) related.add(relatedKey(unmapped.fqdn));
  }
  const deletable = writtenFor(focus.endpointIds);
  for (const record of observation.records)
    if (deletable(record)) related.add(relatedKey(recordSetId(record.zoneId, record.name)));
  return related;
}

function relatedKey(id: string): string {
  return id.trim().toLowerCase();
}

/** Endpoint refreshes, DNS changes and connection decisions from observed state; `planReconcile` adds what a run knows. */
export function planChanges(input: ReconcileInput): ReconcilePlan {
  const dnsPlan = planDns({
    endpoints: input.endpoints,
    zones: input.zones,
    records: input.records,
    claimsOf: input.claimsOf,
    ...(input.possibleZones ? { possibleZones: input.possibleZones } : {}),
    ...(input.placement ? { placement: input.placement } : {}),
    options: input.dns,
  });
  const changes: PlannedChange[] = [...input.endpoints.flatMap(refreshOf), ...dnsPlan.changes.flatMap(dnsChangeOf)];
  const skipped: PlanSkip[] = dnsPlan.skipped.map(dnsSkipOf);
  for (const connection of input.connections) {
    const outcome = connectionOutcome(connection, input.policy);
    if (outcome.kind === 'change') changes.push(outcome.change);
    else if (outcome.kind === 'skip') skipped.push(outcome.skip);
  }
  return {
    changes,
    conflicts: dnsPlan.conflicts.map((c) => ({ ...c, resourceId: recordSetId(c.zoneId, c.name) })),
    skipped,
  };
}

export function needsRefresh(endpoint: ObservedEndpoint): boolean {
  return endpoint.actionsRequired?.trim().toLowerCase() === 'recreate';
}

function refreshOf(endpoint: ObservedEndpoint): EndpointRefreshChange[] {
  if (!needsRefresh(endpoint)) return [];
  return [
    {
      kind: 'endpoint-refresh',
      resourceId: endpoint.id,
      target: endpoint.target,
      reason:
        'connection shows actionsRequired "Recreate" (the target changed, e.g. a Cosmos DB region was added or removed): ' +
        'PUT the endpoint with the same payload, then plan DNS again from its new IP configurations',
    },
  ];
}

function dnsChangeOf(change: DnsRecordChange): DnsChange[] {
  if (change.action === 'keep') return [];
  return [
    {
      kind: `dns-${change.action}`,
      resourceId: recordSetId(change.zoneId, change.name),
      reason: change.reason,
      record: change,
    },
  ];
}

function dnsSkipOf(skip: DnsSkip): PlanSkip {
  const resourceId = skip.zoneId && skip.name ? recordSetId(skip.zoneId, skip.name) : skip.fqdn;
  return { resourceId, reason: skip.reason, cause: skip.cause };
}

type ConnectionOutcome =
  { kind: 'change'; change: ConnectionChange } | { kind: 'skip'; skip: PlanSkip } | { kind: 'none' };

/** Only Pending connections are decided: the autopilot never revokes an approval a person or an earlier run made. */
function connectionOutcome(connection: ObservedConnection, policy: ApprovalPolicy | PolicyError): ConnectionOutcome {
  const status = connection.status.trim().toLowerCase();
  const decision = decideSafely(policy, connection);
  if (status === 'rejected' && decision.decision === 'approve') {
    return {
      kind: 'skip',
      skip: {
        resourceId: connection.id,
        cause: 'cannot-approve-rejected',
        reason: `policy would approve (${decision.reason}), but a rejected connection cannot be approved again: recreate the private endpoint`,
      },
    };
  }
  if (status !== 'pending') return { kind: 'none' };
  if (decision.decision === 'leave-pending') {
    return {
      kind: 'skip',
      skip: { resourceId: connection.id, cause: 'connection-left-pending', reason: decision.reason },
    };
  }
  return {
    kind: 'change',
    change: {
      kind: decision.decision === 'approve' ? 'connection-approve' : 'connection-reject',
      resourceId: connection.id,
      targetId: connection.targetId,
      reason: decision.reason,
      description: decision.description ?? decision.reason,
      rule: decision.rule,
      connection,
    },
  };
}
