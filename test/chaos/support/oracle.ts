/**
 * What the world asks for, read straight from the emulator (never from what the app says it did): which records live
 * Approved endpoints claim, and what the policy decides for a connection. Claims go through the app's catalogue and
 * claims resolver (data, and the definition of which names an FQDN needs); everything else is independent of the app.
 */
import type { NetworkInterface, PrivateEndpoint } from '@azure/arm-network';
import type { MomentReader, RunningEmulator } from '@privatelink-autopilot/arm-emulator';
import { toObservedEndpoint } from '../../../src/azure/observe-endpoint';
import { buildCatalogue, type Catalogue } from '../../../src/core/catalogue';
import { claimsResolver } from '../../../src/core/claims';
import type { ObservedEndpoint } from '../../../src/core/model';
import { decideSafely, normaliseConnection, type ApprovalPolicy, type PolicyError } from '../../../src/core/policy';
import type { Settings } from '../../../src/core/settings';

export const ENDPOINT_TYPE = 'Microsoft.Network/privateEndpoints';
export const ZONE_TYPE = 'Microsoft.Network/privateDnsZones';
const ZONE_GROUP_TYPE = 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups';

export interface Claim {
  /** Lower-case zone name and record name. */
  zone: string;
  name: string;
  ip: string;
  endpointId: string;
  /** The endpoint has a private DNS zone group: Azure writes its records, not us. */
  zoneGroup: boolean;
  /** Provisioning (or failed): its claims stand, but what it will need is not known yet. */
  settled: boolean;
  /** ARM ID of the endpoint's virtual network (from its subnet), lower case; absent when unknown. */
  network?: string;
}

export function recordKey(zone: string, name: string): string {
  return `${zone.toLowerCase()}|${name.toLowerCase()}`;
}

export interface Oracle {
  catalogue: Catalogue;
  policy: ApprovalPolicy | PolicyError;
}

export function oracleFor(settings: Settings, policy: ApprovalPolicy | PolicyError): Oracle {
  return { catalogue: buildCatalogue(settings.catalogueExtensions), policy };
}

/** The SDK's view of an ARM body: `properties` flattened into the object, at every level (as the SDK's mappers do). */
function flatten(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(flatten);
  if (value === null || typeof value !== 'object') return value;
  const { properties, ...rest } = value as Record<string, unknown>;
  const merged: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(rest)) merged[key] = flatten(field);
  if (properties !== null && typeof properties === 'object' && !Array.isArray(properties)) {
    for (const [key, field] of Object.entries(properties)) merged[key] = flatten(field);
  }
  return merged;
}

/** Every private endpoint in the emulator as the planner would observe it, read through `read` (now, or at a write's moment). */
export function observedEndpoints(emulator: RunningEmulator, read: MomentReader): ObservedEndpoint[] {
  const endpoints: ObservedEndpoint[] = [];
  for (const stored of emulator.state.listAll(ENDPOINT_TYPE)) {
    const endpoint = flatten(read(stored.id)) as PrivateEndpoint | undefined;
    if (!endpoint?.id) continue;
    const nics = (endpoint.networkInterfaces ?? [])
      .map((nic) => flatten(nic.id ? read(nic.id) : undefined) as NetworkInterface | undefined)
      .filter((nic): nic is NetworkInterface => nic !== undefined);
    const groups = emulator.state.children(stored.id, ZONE_GROUP_TYPE);
    endpoints.push(
      toObservedEndpoint(endpoint, nics, groups.length > 0 ? groups.map(() => ({ zones: [] })) : undefined),
    );
  }
  return endpoints;
}

/** Records claimed by live Approved endpoints (any subscription, any provisioning state: a claim stands until its endpoint settles without it). */
export function approvedClaims(oracle: Oracle, emulator: RunningEmulator, read: MomentReader): Claim[] {
  const zones = emulator.state.listAll(ZONE_TYPE).map((z) => z.name.toLowerCase());
  const resolve = claimsResolver(oracle.catalogue, { existingZoneNames: zones });
  const claims: Claim[] = [];
  for (const endpoint of observedEndpoints(emulator, read)) {
    if (endpoint.connectionStatus.toLowerCase() !== 'approved') continue;
    const settled = endpoint.provisioningState.toLowerCase() === 'succeeded';
    for (const claim of resolve(endpoint).claims) {
      claims.push({
        zone: claim.zone,
        name: claim.name,
        ip: claim.ip,
        endpointId: endpoint.id,
        zoneGroup: endpoint.managedByZoneGroup,
        settled,
        ...(endpoint.subnetId ? { network: endpoint.subnetId.replace(/\/subnets\/[^/]+$/i, '').toLowerCase() } : {}),
      });
    }
  }
  return claims;
}

const LINK_TYPE = 'Microsoft.Network/privateDnsZones/virtualNetworkLinks';
const PEERING_TYPE = 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings';

/**
 * Issue 18's placement, written again from the emulator's links and peerings: the copies of a zone linked to the
 * claim's network serve it; else those linked to a network it is peered with (Connected); else the only copy. With
 * none of these (`ambiguous`), no copy is the claim's, but none of its records may be deleted either.
 */
export function servingCopies(
  emulator: RunningEmulator,
  claim: Pick<Claim, 'network'>,
  copies: readonly string[],
): { copies: string[]; ambiguous: boolean } {
  if (copies.length === 1) return { copies: [...copies], ambiguous: false };
  const linkedTo = (networks: ReadonlySet<string>) =>
    copies.filter((zoneId) =>
      emulator.state.children(zoneId, LINK_TYPE).some((link) => networks.has(idOf(link.body, 'virtualNetwork'))),
    );
  if (claim.network) {
    const linked = linkedTo(new Set([claim.network]));
    if (linked.length > 0) return { copies: linked, ambiguous: false };
    const peers = emulator.state
      .children(claim.network, PEERING_TYPE)
      .filter((p) => String(propertiesOf(p.body).peeringState ?? '').toLowerCase() === 'connected')
      .map((p) => idOf(p.body, 'remoteVirtualNetwork'));
    const peered = linkedTo(new Set(peers));
    if (peered.length > 0) return { copies: peered, ambiguous: false };
  }
  return { copies: [], ambiguous: true };
}

function propertiesOf(body: unknown): Record<string, unknown> {
  return ((body as { properties?: Record<string, unknown> } | undefined)?.properties ?? {}) as Record<string, unknown>;
}

function idOf(body: unknown, field: string): string {
  return String((propertiesOf(body)[field] as { id?: unknown } | undefined)?.id ?? '').toLowerCase();
}

export type PolicyVerdict = 'approve' | 'reject' | 'leave-pending';

/**
 * The policy's decision for the connection at `path` (a target's privateEndpointConnections/{name}), read through
 * `read`, with its status at that moment (once decided, its description is the decider's, no longer the request).
 */
export function policyDecision(
  oracle: Oracle,
  path: string,
  read: MomentReader,
): { decision: PolicyVerdict; status: string; why: string } | undefined {
  const raw = read(path);
  const targetId = path.replace(/\/privateEndpointConnections\/[^/]+$/i, '');
  const target = read(targetId) as { type?: string; tags?: Record<string, string> } | undefined;
  if (raw === undefined || target === undefined) return undefined;
  const connection = normaliseConnection(raw, {
    id: targetId,
    ...(target.type ? { type: target.type } : {}),
    tags: target.tags ?? {},
  });
  const decided = decideSafely(oracle.policy, connection);
  return {
    decision: decided.decision,
    status: connection.status,
    why: `${decided.reason} (message ${JSON.stringify(connection.description)}, status ${connection.status})`,
  };
}
