import { normaliseResourceId } from '../../resource-id';

/** DNS names compare case-insensitively and may carry a trailing dot; record names `@` and `*` pass through. */
export function normaliseDnsName(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.endsWith('.') ? lower.replace(/\.+$/, '') : lower;
}

/** Map key for an ARM ID; falls back to lower case for IDs the parser rejects so odd input still groups stably. */
export function resourceKey(id: string): string {
  try {
    return normaliseResourceId(id);
  } catch {
    return id.toLowerCase();
  }
}

export function recordFqdn(zone: string, name: string): string {
  return name === '@' ? zone : `${name}.${zone}`;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Numeric order for IPv4 (10.0.0.9 before 10.0.0.10), plain string order otherwise. */
export function compareIps(a: string, b: string): number {
  if (IPV4.test(a) && IPV4.test(b)) {
    const octetsA = a.split('.').map(Number);
    const octetsB = b.split('.').map(Number);
    for (let i = 0; i < 4; i++) {
      const diff = (octetsA[i] ?? 0) - (octetsB[i] ?? 0);
      if (diff !== 0) return diff;
    }
    return 0;
  }
  return compareText(a, b);
}

export function compareText(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

export function sortedDistinctIps(ips: Iterable<string>): string[] {
  const list = Array.isArray(ips) ? (ips as string[]) : [...ips];
  // One IP is the common case (one per record, per endpoint): no set, no sort.
  if (list.length === 1) return [(list[0] as string).trim()];
  return [...new Set(list.map((ip) => ip.trim()))].sort(compareIps);
}

export function sortedDistinct(values: Iterable<string>): string[] {
  const list = Array.isArray(values) ? (values as string[]) : [...values];
  if (list.length === 1) return [list[0] as string];
  return [...new Set(list)].sort(compareText);
}

export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
