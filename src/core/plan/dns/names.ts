import { normaliseResourceId } from '../../resource-id';

/** DNS names compare case-insensitively and may carry a trailing dot; record names `@` and `*` pass through. */
export function normaliseDnsName(name: string): string {
  return name.trim().toLowerCase().replace(/\.+$/, '');
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
  return [...new Set([...ips].map((ip) => ip.trim()))].sort(compareIps);
}

export function sortedDistinct(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareText);
}

export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
