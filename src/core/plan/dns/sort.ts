import { compareText } from './names';
import type { DnsSkip } from './types';

interface Located {
  zone?: string;
  zoneId?: string;
  name?: string;
}

/** Rows, and so changes and conflicts, come out of filing in this order already; skips are gathered from several places. */
export function compareLocation(a: Located, b: Located): number {
  return (
    compareText(a.zone ?? '', b.zone ?? '') ||
    compareText(a.zoneId?.toLowerCase() ?? '', b.zoneId?.toLowerCase() ?? '') ||
    compareText(a.name ?? '', b.name ?? '')
  );
}

export function sortSkipped(skipped: DnsSkip[]): DnsSkip[] {
  return [...skipped].sort(
    (a, b) =>
      compareLocation(a, b) ||
      compareText(a.fqdn, b.fqdn) ||
      compareText(a.cause, b.cause) ||
      compareText(a.endpoints.join(','), b.endpoints.join(',')) ||
      compareText(a.reason, b.reason),
  );
}
