/**
 * What records an endpoint needs: each FQDN of each IP configuration maps to a record through the catalogue; an
 * endpoint that targets a Private Link Service alias (no FQDNs on its NIC) gets the alias entry's record for each IP.
 */
import { recordNameKey } from './arm-identity';
import type { Catalogue, CompiledEntry } from './catalogue';
import { instantiate, matchWhole } from './dns-pattern';
import { mapFqdn, normaliseFqdn, preferredZone, type ZoneCandidate } from './fqdn';
import type { ClaimsResolver, EndpointClaims, ObservedEndpoint, RecordClaim, UnmappedFqdn } from './model';
import { normaliseResourceId, resourceType, tryParseResourceId } from './resource-id';

export interface ClaimsOptions {
  /**
   * Private DNS zones that exist in scope. When an entry has alternative zone names, a claim goes to the one that
   * exists; without this, or when none exists, to the catalogue's recommended zone.
   */
  existingZoneNames?: Iterable<string>;
}

export function claimsResolver(catalogue: Catalogue, options: ClaimsOptions = {}): ClaimsResolver {
  const existing = [...(options.existingZoneNames ?? [])];
  return (endpoint) => resolveClaims(catalogue, endpoint, existing);
}

function resolveClaims(
  catalogue: Catalogue,
  endpoint: ObservedEndpoint,
  existingZones: readonly string[],
): EndpointClaims {
  const endpointId = endpointKey(endpoint.id);
  const claims = new Map<string, RecordClaim>();
  const unmapped = new Map<string, UnmappedFqdn>();
  const claim = (candidates: readonly ZoneCandidate[], ip: string, source: string): void => {
    const target = preferredZone(candidates, existingZones);
    if (!target) return;
    const record: RecordClaim = {
      zone: target.zone,
      name: target.name,
      ip: ip.trim().toLowerCase(),
      endpointId,
      source,
    };
    // The same record from two names (Key Vault's vault.azure.net and vaultcore.azure.net) is one claim.
    const key = `${recordNameKey(record)}|${record.ip}`;
    if (!claims.has(key)) claims.set(key, record);
  };
  const miss = (fqdn: string, reason: string): void => {
    if (!unmapped.has(fqdn)) unmapped.set(fqdn, { endpointId, fqdn, reason });
  };

  const parsedTarget = tryParseResourceId(endpoint.target);
  const targetType = parsedTarget && resourceType(parsedTarget);
  for (const ipConfiguration of endpoint.ipConfigurations) {
    for (const fqdn of ipConfiguration.fqdns) {
      const mapping = mapFqdn(catalogue, fqdn, { groupId: ipConfiguration.groupId, resourceType: targetType });
      if (mapping.kind === 'mapped') claim(mapping.candidates, ipConfiguration.ipAddress, mapping.fqdn);
      else miss(mapping.fqdn, mapping.reason);
    }
  }

  if (!parsedTarget && endpoint.target.trim() !== '') {
    const alias = normaliseFqdn(endpoint.target);
    const match = matchAlias(catalogue, alias);
    if (!match) {
      miss(
        alias,
        'no catalogue entry has an aliasPattern that matches this Private Link Service alias; add one to AUTOPILOT_CATALOGUE_EXTENSIONS',
      );
    } else {
      for (const candidates of match) {
        for (const ipConfiguration of endpoint.ipConfigurations) claim(candidates, ipConfiguration.ipAddress, alias);
      }
    }
  }
  return { claims: [...claims.values()], unmapped: [...unmapped.values()] };
}

/** Zone candidates for each alias rule of the first entry (extensions first) whose pattern matches the alias. */
function matchAlias(catalogue: Catalogue, alias: string): ZoneCandidate[][] | undefined {
  for (const entry of catalogue.entries) {
    const bindings = entry.aliasPattern && matchWhole(entry.aliasPattern, alias);
    if (bindings) return aliasCandidates(entry, bindings);
  }
  return undefined;
}

function aliasCandidates(entry: CompiledEntry, bindings: Readonly<Record<string, string>>): ZoneCandidate[][] {
  return entry.rules.flatMap((rule) => {
    if (rule.aliasRecord === undefined) return [];
    const name = rule.aliasRecord.toLowerCase();
    const recommended: ZoneCandidate = { zone: instantiate(rule.zone, bindings) as string, name, recommended: true };
    const others = rule.alternatives
      .filter((a) => !a.subZonePrefix)
      .map((a): ZoneCandidate => ({ zone: instantiate(a.pattern, bindings) as string, name, recommended: false }));
    return [[recommended, ...others]];
  });
}

function endpointKey(id: string): string {
  try {
    return normaliseResourceId(id);
  } catch {
    return id.trim().toLowerCase();
  }
}

/**
 * The zones an endpoint could claim records in, from its target alone (a provisioning endpoint has no FQDNs yet):
 * every zone of the catalogue entries for its target's type and group IDs, or of the alias entry its alias matches.
 * Undefined when the catalogue does not know the target: then any zone is possible.
 */
export function possibleZones(
  catalogue: Catalogue,
  endpoint: ObservedEndpoint,
): ((zone: string) => boolean) | undefined {
  const parsed = tryParseResourceId(endpoint.target);
  const type = parsed && resourceType(parsed)?.toLowerCase();
  const groups = endpoint.groupIds.map((g) => g.toLowerCase());
  const entries = type
    ? catalogue.entries.filter(
        (e) =>
          e.resourceType === type &&
          (groups.length === 0 || e.groupIds.size === 0 || groups.some((g) => e.groupIds.has(g))),
      )
    : catalogue.entries.filter(
        (e) => e.aliasPattern && matchWhole(e.aliasPattern, endpoint.target.trim().toLowerCase()),
      );
  if (entries.length === 0) return undefined;
  const patterns = entries.flatMap((e) =>
    e.rules.flatMap((rule) => [rule.zone, ...rule.alternatives.map((a) => a.pattern)]),
  );
  return (zone) => patterns.some((pattern) => matchWhole(pattern, zone.toLowerCase()) !== undefined);
}
