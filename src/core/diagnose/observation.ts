/**
 * What could not be read, first: each failed read is a finding of its own, and the checks that needed it say
 * "unknown" instead of judging on data that is missing (a record is not stale because its claimant could not be read).
 */
import { claimsUnknown, type ObservationFailure } from '../plan/observation';
import { normaliseDnsName } from '../plan/dns/names';
import { resourceName, tryParseResourceId } from '../resource-id';
import { nameOf } from './names';
import type { Finding } from './types';
import type { World } from './world';

const WHAT: Record<ObservationFailure['stage'], string> = {
  endpoints: 'the private endpoints of',
  endpoint: 'private endpoint',
  zones: 'the private DNS zones of',
  records: 'the records of zone',
  targets: 'the targets of',
  connections: 'the connections of',
  links: 'the virtual network links of zone',
  peerings: 'the peerings of virtual network',
};

export function observationFindings(world: World): Finding[] {
  return failuresOf(world).map((failure) => ({
    check: 'observation',
    status: 'unknown',
    subject: failure.resourceId,
    message: `could not read ${WHAT[failure.stage]} ${nameOf(failure.resourceId)} (${failure.code}: ${failure.message}); the checks that need it are unknown`,
    action: `make ${nameOf(failure.resourceId)} readable (access, or the fault above), then run \`privatelink-autopilot doctor --resource ${world.input.subject.id}\` again`,
  }));
}

export function failuresOf(world: World): readonly ObservationFailure[] {
  return world.input.failures ?? [];
}

/** Endpoints that could not be read: whether a record is still claimed is unknown. */
export function claimantsUnknown(world: World): readonly ObservationFailure[] {
  return claimsUnknown(failuresOf(world));
}

/** The zone (by name) could not be read, or no zone could be listed: what it holds is unknown. */
export function zoneUnreadable(world: World, zone: string): ObservationFailure | undefined {
  const name = normaliseDnsName(zone);
  return failuresOf(world).find((f) => {
    if (f.stage === 'zones') return true;
    if (f.stage !== 'records') return false;
    const parsed = tryParseResourceId(f.resourceId);
    return parsed !== undefined && normaliseDnsName(resourceName(parsed) ?? '') === name;
  });
}
