import type { PrivateZone, RecordSet } from '@azure/arm-privatedns';
import type { DnsRecordChange } from '../core/plan/dns/types';
import type { ObservedRecordSet, ObservedZone } from '../core/model';
import { encodePathSegment, resourceRef, type ResourceRef } from './arm-ref';
import { ARM_READS_IN_FLIGHT, mapBounded } from '../core/map-bounded';
import { collectBounded } from './bounded';
import type { ArmClients } from './clients';
import type { ArmCallCount } from '../core/model';
import type { DnsPort, DnsWriteResult, ZoneListOptions, ZoneScope } from '../engine/ports';
import { classifyArmError } from './errors';

const ZONE_TYPE = 'Microsoft.Network/privateDnsZones';

/** Which zones to observe, by name. */
export type ZoneNamePredicate = (zoneName: string) => boolean;

/**
 * Private link zones, including catalogue zones that do not start with `privatelink.` (`scm.privatelink.azurewebsites.net`,
 * `{region}.data.privatelink.azurecr.io`).
 */
export const isPrivateLinkZone: ZoneNamePredicate = (zoneName) => zoneName.toLowerCase().includes('privatelink.');

export interface DnsAdapterOptions {
  /** Zones whose virtual network links are read at once (default ARM_READS_IN_FLIGHT, 8). */
  concurrency?: number;
}

type WithoutCalls<T> = T extends unknown ? Omit<T, 'calls'> : never;

/**
 * Private DNS zones and their A record sets through `@azure/arm-privatedns`. Writes are conditional on what was
 * observed: creates send `If-None-Match: *`, updates and deletes `If-Match` with the observed etag, so a concurrent
 * writer is never overwritten. The ownership metadata to write comes with each change (the planner stamps it).
 */
export class DnsAdapter implements DnsPort {
  private readonly concurrency: number;

  constructor(
    private readonly clients: ArmClients,
    options: DnsAdapterOptions = {},
  ) {
    this.concurrency = options.concurrency ?? ARM_READS_IN_FLIGHT;
  }

  /** Zones in scope whose name passes `include`, each with the IDs of the virtual networks linked to it unless `links: false`. */
  async listZones(
    scope: ZoneScope,
    options: ZoneListOptions & { include?: ZoneNamePredicate } = {},
  ): Promise<{ zones: ObservedZone[]; calls: ArmCallCount }> {
    const include = options.include ?? isPrivateLinkZone;
    const { value, calls } = await this.clients.measure(async () => {
      const zones = (await this.zonesIn(scope)).filter((zone) => zone.name !== undefined && include(zone.name));
      const observed = await mapBounded(zones, this.concurrency, (zone) =>
        options.links === false ? this.zoneWithoutLinks(zone) : this.observeZone(zone),
      );
      return observed.sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase()));
    });
    return { zones: value, calls };
  }

  /** ARM IDs of the virtual networks linked to the zone (`virtualNetworkLinks.list`, all pages). */
  async listZoneLinks(zoneId: string): Promise<{ virtualNetworkIds: string[]; calls: ArmCallCount }> {
    const zone = resourceRef(zoneId, 'zoneId', ZONE_TYPE);
    const { value, calls } = await this.clients.measure(() => this.linksOf(zone));
    return { virtualNetworkIds: value, calls };
  }

  /** Every A record set of the zone (all pages): names and zone lower case, with etag, metadata, TTL and IPs. */
  async listRecordSets(zoneId: string): Promise<{ records: ObservedRecordSet[]; calls: ArmCallCount }> {
    const { value, calls } = await this.clients.measure(async () => {
      const zone = resourceRef(zoneId, 'zoneId', ZONE_TYPE);
      const sets = await collectBounded(
        this.clients.privateDns(zone.subscriptionId).recordSets.listByType(zone.resourceGroup, zone.name, 'A'),
        {
          what: `A record sets of ${zone.id}`,
        },
      );
      return sets.map((set) => toObservedRecordSet(zone, set)).sort((a, b) => a.name.localeCompare(b.name));
    });
    return { records: value, calls };
  }

  /**
   * The record sets of these names that exist, a GET each (a bounded number at a time): what an event's run reads
   * instead of the whole zone. A name that does not exist (404) is absent from the answer; other errors are thrown.
   */
  async getRecordSets(
    zoneId: string,
    names: readonly string[],
  ): Promise<{ records: ObservedRecordSet[]; calls: ArmCallCount }> {
    const zone = resourceRef(zoneId, 'zoneId', ZONE_TYPE);
    const wanted = [...new Set(names.map((name) => name.trim().toLowerCase()))].filter((name) => name.length > 0);
    const { value, calls } = await this.clients.measure(async () => {
      const recordSets = this.clients.privateDns(zone.subscriptionId).recordSets;
      const found = await mapBounded(wanted, this.concurrency, async (name) => {
        try {
          return toObservedRecordSet(zone, await recordSets.get(zone.resourceGroup, zone.name, 'A', name));
        } catch (error) {
          if (classifyArmError(error).status === 404) return undefined;
          throw error;
        }
      });
      return found.flatMap((record) => (record ? [record] : [])).sort((a, b) => a.name.localeCompare(b.name));
    });
    return { records: value, calls };
  }

  /** Applies one planned change; `keep` costs nothing. Errors other than 412 are thrown (see `classifyArmError`). */
  async applyChange(change: DnsRecordChange): Promise<DnsWriteResult> {
    if (change.action === 'keep') return { outcome: 'unchanged', change, calls: { reads: 0, writes: 0, deletes: 0 } };
    const zone = resourceRef(change.zoneId, 'change.zoneId', ZONE_TYPE);
    if (!change.name)
      throw new Error(`change.name: expected the relative record name (e.g. "acct" or "@") for ${change.fqdn}`);
    if (change.action !== 'create' && !change.etag) {
      throw new Error(
        `change.etag: expected the observed etag of ${change.fqdn} for an ${change.action} (writes are conditional)`,
      );
    }
    const { value, calls } = await this.clients.measure(async (): Promise<WithoutCalls<DnsWriteResult>> => {
      try {
        const record = await this.write(zone, change);
        return record ? { outcome: 'applied', change, record } : { outcome: 'applied', change };
      } catch (error) {
        const classified = classifyArmError(error);
        if (classified.status === 412) return { outcome: 'precondition-failed', change, message: classified.message };
        throw error;
      }
    });
    return { ...value, calls };
  }

  private async write(zone: ResourceRef, change: DnsRecordChange): Promise<ObservedRecordSet | undefined> {
    const recordSets = this.clients.privateDns(zone.subscriptionId).recordSets;
    // @azure/arm-privatedns puts this one parameter into the URL unencoded: a "?" would start a query, "../" climb.
    const name = encodePathSegment(change.name);
    if (change.action === 'delete') {
      await recordSets.delete(zone.resourceGroup, zone.name, 'A', name, { ifMatch: change.etag });
      return undefined;
    }
    const body: RecordSet = {
      ttl: change.ttl,
      metadata: { ...change.metadata },
      aRecords: change.ips.map((ipv4Address) => ({ ipv4Address })),
    };
    const conditions = change.action === 'create' ? { ifNoneMatch: '*' } : { ifMatch: change.etag };
    return toObservedRecordSet(
      zone,
      await recordSets.createOrUpdate(zone.resourceGroup, zone.name, 'A', name, body, conditions),
    );
  }

  private async zonesIn(scope: ZoneScope): Promise<PrivateZone[]> {
    const privateZones = this.clients.privateDns(scope.subscriptionId).privateZones;
    if (!scope.resourceGroups?.length)
      return collectBounded(privateZones.list(), { what: `private DNS zones of subscription ${scope.subscriptionId}` });
    const zones: PrivateZone[] = [];
    for (const resourceGroup of scope.resourceGroups) {
      zones.push(
        ...(await collectBounded(privateZones.listByResourceGroup(resourceGroup), {
          what: `private DNS zones of resource group ${resourceGroup} in subscription ${scope.subscriptionId}`,
        })),
      );
    }
    return zones;
  }

  private async zoneWithoutLinks(zone: PrivateZone): Promise<ObservedZone> {
    const ref = resourceRef(zone.id ?? '', 'private DNS zone id', ZONE_TYPE);
    return { id: ref.id, name: ref.name.toLowerCase() };
  }

  private async observeZone(zone: PrivateZone): Promise<ObservedZone> {
    const ref = resourceRef(zone.id ?? '', 'private DNS zone id', ZONE_TYPE);
    return { id: ref.id, name: ref.name.toLowerCase(), linkedVirtualNetworkIds: await this.linksOf(ref) };
  }

  private async linksOf(zone: ResourceRef): Promise<string[]> {
    const links = await collectBounded(
      this.clients.privateDns(zone.subscriptionId).virtualNetworkLinks.list(zone.resourceGroup, zone.name),
      { what: `virtual network links of ${zone.id}` },
    );
    return links.flatMap((link) => (link.virtualNetwork?.id ? [link.virtualNetwork.id] : []));
  }
}

function toObservedRecordSet(zone: ResourceRef, set: RecordSet): ObservedRecordSet {
  if (!set.name) throw new Error(`record set in ${zone.id}: "name" is missing from the ARM response`);
  return {
    zoneId: zone.id,
    zone: zone.name.toLowerCase(),
    name: set.name.toLowerCase(),
    ips: (set.aRecords ?? []).flatMap((a) => (a.ipv4Address ? [a.ipv4Address] : [])),
    ttl: set.ttl ?? 0,
    metadata: { ...(set.metadata ?? {}) },
    ...(set.etag ? { etag: set.etag } : {}),
  };
}
