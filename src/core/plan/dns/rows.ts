import { recordNameKey } from '../../arm-identity';
import type { ClaimsResolver, ObservedEndpoint, ObservedRecordSet, ObservedZone } from '../../model';
import { compareText, normaliseDnsName, recordFqdn, resourceKey, sortedDistinct } from './names';
import { createPlacer, type PlacementFacts } from './placement';
import type { DnsSkip } from './types';

export interface EndpointFacts {
  /** Lower case. */
  id: string;
  status: string;
  approved: boolean;
  zoneGroup: boolean;
}

export interface RowClaim {
  endpoint: EndpointFacts;
  ip: string;
}

/** Everything known about one record set name in one zone: the table row external-dns reads its changes from. */
export interface RecordRow {
  zoneId: string;
  zone: string;
  name: string;
  fqdn: string;
  record?: ObservedRecordSet;
  /** Claims of the endpoints this copy serves (`placement.ts`). */
  claims: RowClaim[];
  /** Lower-case IDs of endpoints that claim the name but whose copy is ambiguous: they keep the record, never write it. */
  unplaced?: string[];
}

interface ScopedZone {
  id: string;
  /** Normalised. */
  name: string;
  linkedVirtualNetworkIds?: string[];
}

export interface FiledWorld {
  rows: RecordRow[];
  skipped: DnsSkip[];
}

export function endpointFacts(endpoint: ObservedEndpoint): EndpointFacts {
  return {
    id: endpoint.id.toLowerCase(),
    status: endpoint.connectionStatus,
    approved: endpoint.connectionStatus.trim().toLowerCase() === 'approved',
    zoneGroup: endpoint.managedByZoneGroup,
  };
}

/** Azure returns empty IP configurations while it works on an endpoint: its claims are not known yet. */
export function isProvisioning(endpoint: ObservedEndpoint): boolean {
  return endpoint.provisioningState.trim().toLowerCase() !== 'succeeded' || endpoint.ipConfigurations.length === 0;
}

/** Files records and claims into rows keyed by zone ID and record name; claims on zones out of scope are skipped. */
export function fileRows(
  endpoints: ObservedEndpoint[],
  zones: ObservedZone[],
  records: ObservedRecordSet[],
  claimsOf: ClaimsResolver,
  placement?: PlacementFacts,
): FiledWorld {
  const placeIn = createPlacer(placement);
  // Zone IDs repeat on every record: parse each once.
  const zoneKeys = new Map<string, string>();
  const zoneKey = (id: string): string => {
    let key = zoneKeys.get(id);
    if (key === undefined) zoneKeys.set(id, (key = resourceKey(id)));
    return key;
  };
  const zonesById = new Map<string, ScopedZone>();
  for (const zone of zones) {
    const key = zoneKey(zone.id);
    const known = zonesById.get(key);
    // The same zone listed twice (say, in two casings) must file the same way whatever the input order.
    if (known && compareText(known.id, zone.id) <= 0) continue;
    zonesById.set(key, {
      id: zone.id,
      name: normaliseDnsName(zone.name),
      ...(zone.linkedVirtualNetworkIds ? { linkedVirtualNetworkIds: zone.linkedVirtualNetworkIds } : {}),
    });
  }
  const zonesByName = new Map<string, ScopedZone[]>();
  for (const zone of zonesById.values()) {
    zonesByName.set(zone.name, [...(zonesByName.get(zone.name) ?? []), zone]);
  }
  const copiesByName = placementCopies(zonesByName, zonesById, placement?.copies ?? [], zoneKey);

  // Rows by zone, then by name: hashing the short name beats hashing a long `<zone ID>|<name>` key per record.
  const rowsByZone = new Map<string, Map<string, RecordRow>>();
  const rowFor = (zoneId: string, zone: string, name: string): RecordRow => {
    const key = zoneKey(zoneId);
    let rows = rowsByZone.get(key);
    if (!rows) rowsByZone.set(key, (rows = new Map()));
    let row = rows.get(name);
    if (!row) {
      row = { zoneId, zone, name, fqdn: recordFqdn(zone, name), claims: [] };
      rows.set(name, row);
    }
    return row;
  };

  const skipped: DnsSkip[] = [];
  for (const record of records) {
    const name = normaliseDnsName(record.name);
    const zone = zonesById.get(zoneKey(record.zoneId));
    if (!zone) {
      const zoneName = normaliseDnsName(record.zone);
      skipped.push({
        cause: 'zone-not-in-scope',
        zoneId: record.zoneId,
        zone: zoneName,
        name,
        fqdn: recordFqdn(zoneName, name),
        endpoints: [],
        reason: `zone ${zoneName} (${record.zoneId}) is not in scope`,
      });
      continue;
    }
    const row = rowFor(zone.id, zone.name, name);
    if (row.record) {
      throw new Error(
        `records: record set "${name}" appears twice in zone ${record.zoneId}; expected one A record set per name`,
      );
    }
    row.record = record;
  }

  const outOfScope = new Map<string, { zone: string; name: string; endpoints: string[] }>();
  const elsewhere = new Map<string, { zoneId: string; zone: string; name: string; endpoints: string[] }>();
  const ambiguous = new Map<
    string,
    { zone: string; name: string; endpoints: string[]; reasons: Map<string, string> }
  >();
  for (const endpoint of endpoints) {
    const facts = endpointFacts(endpoint);
    const { claims, unmapped } = claimsOf(endpoint);
    for (const claim of claims) {
      const zone = normaliseDnsName(claim.zone);
      const name = normaliseDnsName(claim.name);
      const scopedZones = zonesByName.get(zone);
      if (!scopedZones) {
        const key = recordNameKey({ zone, name });
        const entry = outOfScope.get(key) ?? { zone, name, endpoints: [] };
        entry.endpoints.push(facts.id);
        outOfScope.set(key, entry);
        continue;
      }
      const placed = placeIn(endpoint, copiesByName.get(zone) ?? scopedZones);
      if (placed.kind === 'ambiguous') {
        const key = recordNameKey({ zone, name });
        const entry = ambiguous.get(key) ?? { zone, name, endpoints: [], reasons: new Map<string, string>() };
        entry.endpoints.push(facts.id);
        entry.reasons.set(facts.id, placed.reason);
        ambiguous.set(key, entry);
        // A record it may have had stays: its claim is unplaced, not gone.
        for (const scopedZone of scopedZones) {
          const row = rowsByZone.get(zoneKey(scopedZone.id))?.get(name);
          if (row && !row.unplaced?.includes(facts.id)) row.unplaced = [...(row.unplaced ?? []), facts.id];
        }
        continue;
      }
      for (const zoneId of placed.zoneIds) {
        if (zonesById.has(zoneKey(zoneId))) {
          rowFor(zoneId, zone, name).claims.push({ endpoint: facts, ip: claim.ip.trim() });
          continue;
        }
        // Served by a copy this plan does not file into: nothing of it is planned here, nor in the other copies.
        const key = `${zoneKey(zoneId)}|${name}`;
        const entry = elsewhere.get(key) ?? { zoneId, zone, name, endpoints: [] };
        entry.endpoints.push(facts.id);
        elsewhere.set(key, entry);
      }
    }
    for (const fqdn of unmapped) {
      skipped.push({
        cause: 'unmapped-fqdn',
        fqdn: fqdn.fqdn.toLowerCase(),
        endpoints: [fqdn.endpointId.toLowerCase()],
        reason: fqdn.reason,
      });
    }
  }
  const notInScope = (zone: string, name: string, claimants: string[], reason: string): DnsSkip => ({
    cause: 'zone-not-in-scope',
    zone,
    name,
    fqdn: recordFqdn(zone, name),
    endpoints: sortedDistinct(claimants),
    reason,
  });
  for (const { zone, name, endpoints: claimants } of outOfScope.values())
    skipped.push(notInScope(zone, name, claimants, `zone ${zone} is not in scope`));
  for (const { zoneId, zone, name, endpoints: claimants } of elsewhere.values()) {
    const reason = `the copy of ${zone} that serves it (${zoneId}) is not planned in this run (not asked for, or not read)`;
    skipped.push(notInScope(zone, name, claimants, reason));
  }

  for (const { zone, name, endpoints: claimants, reasons } of ambiguous.values()) {
    const ids = sortedDistinct(claimants);
    skipped.push({
      cause: 'zone-placement-ambiguous',
      zone,
      name,
      fqdn: recordFqdn(zone, name),
      endpoints: ids,
      reason: `no record written: which copy of ${zone} serves ${ids
        .map((id) => `${id} is unknown (${reasons.get(id) ?? ''})`)
        .join('; ')}`,
    });
  }
  return { rows: sortRows(rowsByZone), skipped };
}

/**
 * For each zone name planned, every copy of it: those planned and those listed only in `copies`. Names with no copy
 * planned stay out: their claims are out of scope as before.
 */
function placementCopies(
  zonesByName: ReadonlyMap<string, ScopedZone[]>,
  zonesById: ReadonlyMap<string, ScopedZone>,
  copies: readonly ObservedZone[],
  zoneKey: (id: string) => string,
): Map<string, ScopedZone[]> {
  const byName = new Map<string, ScopedZone[]>();
  for (const copy of copies) {
    const name = normaliseDnsName(copy.name);
    const planned = zonesByName.get(name);
    const key = zoneKey(copy.id);
    if (!planned || zonesById.has(key)) continue;
    const all = byName.get(name) ?? [...planned];
    if (all.some((zone) => zoneKey(zone.id) === key)) continue;
    all.push({
      id: copy.id,
      name,
      ...(copy.linkedVirtualNetworkIds ? { linkedVirtualNetworkIds: copy.linkedVirtualNetworkIds } : {}),
    });
    byName.set(name, all);
  }
  return byName;
}

/** `compareLocation` order (zone name, zone ID, record name): the few zones sorted, then each zone's rows by name. */
function sortRows(rowsByZone: ReadonlyMap<string, ReadonlyMap<string, RecordRow>>): RecordRow[] {
  const zones = [...rowsByZone.values()].map((rows) => {
    const first = rows.values().next().value as RecordRow;
    return { zone: first.zone, zoneId: first.zoneId.toLowerCase(), rows };
  });
  zones.sort((a, b) => compareText(a.zone, b.zone) || compareText(a.zoneId, b.zoneId));
  const sorted: RecordRow[] = [];
  for (const { rows } of zones) {
    const names = [...rows.keys()].sort(compareText);
    for (const name of names) sorted.push(rows.get(name) as RecordRow);
  }
  return sorted;
}
