/**
 * The emulator's own reading of ARM resource IDs, written apart from the app's parser on purpose: a test double that
 * shared the code under test would agree with its bugs. It follows ARM's URL grammar as a server sees it:
 * `/subscriptions/{s}[/resourceGroups/{g}][/providers/{namespace}(/{type}/{name})*]`, case-insensitive keywords,
 * extension resources as a nested `providers/{namespace}` pair.
 */

export interface ArmIdPair {
  type: string;
  name: string;
}

export interface ArmId {
  subscriptionId: string;
  resourceGroup?: string;
  provider?: string;
  segments: ArmIdPair[];
}

export class ArmIdError extends Error {
  constructor(id: string, problem: string) {
    super(`not an ARM resource ID "${id}": ${problem}`);
    this.name = 'ArmIdError';
  }
}

export function parseArmId(id: string): ArmId {
  if (typeof id !== 'string' || !id.startsWith('/'))
    throw new ArmIdError(String(id), 'expected it to start with /subscriptions/');
  const tokens = id.replace(/\/$/, '').slice(1).split('/');
  if (tokens.some((t) => t === '')) throw new ArmIdError(id, 'empty path segment');
  const take = (): string | undefined => tokens.shift();
  const keyword = (expected: string): boolean => tokens[0]?.toLowerCase() === expected.toLowerCase();

  if (take()?.toLowerCase() !== 'subscriptions') throw new ArmIdError(id, 'expected /subscriptions/ first');
  const subscriptionId = take();
  if (!subscriptionId) throw new ArmIdError(id, 'no subscription ID');
  const parsed: ArmId = { subscriptionId, segments: [] };
  if (keyword('resourceGroups')) {
    take();
    const group = take();
    if (!group) throw new ArmIdError(id, 'no resource group name');
    parsed.resourceGroup = group;
  }
  if (tokens.length === 0) return parsed;
  if (!keyword('providers')) throw new ArmIdError(id, `unexpected "${tokens[0]}" where "providers" belongs`);
  take();
  parsed.provider = take();
  if (!parsed.provider) throw new ArmIdError(id, 'no provider namespace');
  if (tokens.length % 2 !== 0) throw new ArmIdError(id, `type "${tokens[tokens.length - 1]}" has no name`);
  while (tokens.length > 0) {
    const type = take() as string;
    parsed.segments.push({ type: type.toLowerCase() === 'providers' ? 'providers' : type, name: take() as string });
  }
  return parsed;
}

export function tryParseArmId(id: string): ArmId | undefined {
  try {
    return parseArmId(id);
  } catch {
    return undefined;
  }
}

export function formatArmId(id: ArmId): string {
  const parts = ['subscriptions', id.subscriptionId];
  if (id.resourceGroup !== undefined) parts.push('resourceGroups', id.resourceGroup);
  if (id.provider !== undefined) parts.push('providers', id.provider);
  for (const pair of id.segments) parts.push(pair.type, pair.name);
  if (parts.some((p) => p.length === 0 || p.includes('/')))
    throw new ArmIdError(JSON.stringify(id), 'a part is empty or contains "/"');
  return `/${parts.join('/')}`;
}

/** The key the emulator files resources under: ARM compares IDs without regard to case. */
export function armIdKey(id: string): string {
  return formatArmId(parseArmId(id)).toLowerCase();
}

/** `Microsoft.Network/privateEndpoints`, `Microsoft.Network/privateDnsZones/A`; an extension resource's own type. */
export function armType(id: ArmId): string | undefined {
  let namespace = id.provider;
  let types: string[] = [];
  for (const pair of id.segments) {
    if (pair.type === 'providers') {
      namespace = pair.name;
      types = [];
    } else types.push(pair.type);
  }
  return namespace && types.length > 0 ? [namespace, ...types].join('/') : undefined;
}
