import { ArmError, invalidField } from '../errors';
import type { EmulatorState, StoredResource } from '../state';

/** Azure keeps the first four addresses and the last one of every subnet. */
const RESERVED_AT_START = 4;

export interface Cidr {
  network: number;
  bits: number;
}

export function parseCidr(text: string, field: string): Cidr {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  const octets = match ? match.slice(1, 5).map(Number) : [];
  const bits = match ? Number(match[5]) : NaN;
  if (!match || octets.some((o) => o > 255) || bits > 29)
    throw invalidField(field, 'an IPv4 prefix like 10.0.1.0/24 (at most /29)', 'InvalidAddressPrefixFormat');
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - bits);
  return { network: address - (address % size), bits };
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  const outerSize = 2 ** (32 - outer.bits);
  return inner.bits >= outer.bits && inner.network >= outer.network && inner.network < outer.network + outerSize;
}

export function cidrHolds(cidr: Cidr, ip: string): boolean {
  const value = ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  return value >= cidr.network && value < cidr.network + 2 ** (32 - cidr.bits);
}

export function ipToString(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

function allocations(subnet: StoredResource): Record<string, string> {
  const meta = subnet.meta as { allocated?: Record<string, string> };
  return (meta.allocated ??= {});
}

/** The lowest free address of the subnet (10.0.1.4 upwards), recorded as held by `ownerId`. */
export function allocateIp(subnet: StoredResource, ownerId: string): string {
  const cidr = parseCidr(
    String((subnet.body.properties as Record<string, unknown>).addressPrefix),
    'properties.addressPrefix',
  );
  const held = allocations(subnet);
  const last = cidr.network + 2 ** (32 - cidr.bits) - 2;
  for (let candidate = cidr.network + RESERVED_AT_START; candidate <= last; candidate++) {
    const ip = ipToString(candidate);
    if (held[ip] === undefined) {
      held[ip] = ownerId;
      return ip;
    }
  }
  throw new ArmError(400, 'SubnetIsFull', `Subnet ${subnet.id} has no free private IP addresses.`);
}

export function releaseIps(state: EmulatorState, subnetId: string, ips: string[]): void {
  const subnet = state.get(subnetId);
  if (!subnet) return;
  const held = allocations(subnet);
  for (const ip of ips) delete held[ip];
}

export function allocatedCount(subnet: StoredResource): number {
  return Object.keys(allocations(subnet)).length;
}
