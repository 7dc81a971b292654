/**
 * The verdict on each record an endpoint needs: present, pointing at the endpoint's IP, in the zone its virtual
 * network resolves through. Check 4 reports these verdicts; the failover check reads them.
 */
import { isProvisioning } from '../plan/dns/rows';
import { compareIps, compareText } from '../plan/dns/names';
import type { ObservedEndpoint, ObservedRecordSet, ObservedZone, RecordClaim } from '../model';
import { sameResourceId } from '../resource-id';
import { normaliseIp } from './names';
import { isApproved, type World } from './world';

export type RecordState =
  | 'ok'
  | 'missing'
  /** The record exists but does not list the endpoint's IP. */
  | 'wrong-ip'
  /** The record lists the endpoint's IP and others: clients may be sent elsewhere. */
  | 'extra-ips'
  /** Azure's private DNS zone group writes this record; it is reported, not judged. */
  | 'zone-group'
  /** No zone of the claim's name is in scope (reported once per zone by `missingZoneFindings`). */
  | 'zone-missing';

export interface RecordCheck {
  endpoint: ObservedEndpoint;
  claim: RecordClaim;
  /** The zone checked; absent when no zone of the claim's name is in scope. */
  zone?: ObservedZone;
  record?: ObservedRecordSet;
  state: RecordState;
}

/** Endpoints whose records can be judged: Approved, and done provisioning (before that their IPs are not known). */
export function checkableEndpoints(world: World): ObservedEndpoint[] {
  return world.endpoints.filter((e) => isApproved(e) && !isProvisioning(e));
}

export function evaluateRecords(world: World): RecordCheck[] {
  const checks: RecordCheck[] = [];
  for (const endpoint of checkableEndpoints(world)) {
    const claims = [...world.claimsOf(endpoint).claims].sort(byRecord);
    for (const claim of claims) {
      const zones = zonesServing(world, endpoint, claim.zone);
      if (zones.length === 0) {
        checks.push({ endpoint, claim, state: endpoint.managedByZoneGroup ? 'zone-group' : 'zone-missing' });
        continue;
      }
      for (const zone of zones) {
        const record = world.recordAt(zone.id, claim.name);
        checks.push({ endpoint, claim, zone, ...(record ? { record } : {}), state: stateOf(endpoint, claim, record) });
      }
    }
  }
  return checks;
}

/**
 * The copies of the zone that serve the endpoint, as the planner places its records (linked, peered, the only copy, the
 * placement setting); when none can be said to, every copy (each is judged, so what is missing shows).
 */
export function zonesServing(world: World, endpoint: ObservedEndpoint, zoneName: string): ObservedZone[] {
  const zones = world.zonesNamed(zoneName);
  const placed = world.place(endpoint, zoneName);
  if (placed.kind === 'ambiguous') return zones;
  const ids = new Set(placed.zoneIds.map((id) => id.toLowerCase()));
  return zones.filter((z) => ids.has(z.id.toLowerCase()));
}

export function isLinkedTo(zone: ObservedZone, virtualNetworkId: string): boolean {
  return (zone.linkedVirtualNetworkIds ?? []).some((id) => sameResourceId(id, virtualNetworkId));
}

export function hasFailed(endpoint: ObservedEndpoint): boolean {
  return endpoint.provisioningState.trim().toLowerCase() === 'failed';
}

function stateOf(endpoint: ObservedEndpoint, claim: RecordClaim, record: ObservedRecordSet | undefined): RecordState {
  if (endpoint.managedByZoneGroup) return 'zone-group';
  if (!record) return 'missing';
  const ips = record.ips.map(normaliseIp);
  const ip = normaliseIp(claim.ip);
  if (!ips.includes(ip)) return 'wrong-ip';
  return new Set(ips).size > 1 ? 'extra-ips' : 'ok';
}

function byRecord(a: RecordClaim, b: RecordClaim): number {
  return compareText(a.zone, b.zone) || compareText(a.name, b.name) || compareIps(a.ip, b.ip);
}
