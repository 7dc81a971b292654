/**
 * Which Private DNS limit a request counts against (see `DEFAULT_PRIVATE_DNS_LIMITS` in throttle.ts), and the scope
 * it is counted per: record set operations and zone GETs per zone, zone listings per subscription or resource group.
 */
import type { PrivateDnsOperation } from './contracts';
import { splitPath } from './router';
import type { EmulatorState } from './state';

export interface PrivateDnsRequest {
  operation: PrivateDnsOperation;
  /** The zone, subscription or resource group the limit is counted for (an ARM ID). */
  scope: string;
}

const LINKS = 'virtualnetworklinks';

export function privateDnsRequest(method: string, path: string, state: EmulatorState): PrivateDnsRequest | undefined {
  const parts = splitPath(path);
  const lower = parts.map((p) => p.toLowerCase());
  if (lower[0] !== 'subscriptions') return undefined;
  if (
    lower.length === 5 &&
    lower[2] === 'providers' &&
    lower[3] === 'microsoft.network' &&
    lower[4] === 'privatednszones'
  ) {
    return method === 'GET'
      ? { operation: 'zoneListBySubscription', scope: `/${parts.slice(0, 2).join('/')}` }
      : undefined;
  }
  if (
    lower[2] !== 'resourcegroups' ||
    lower[4] !== 'providers' ||
    lower[5] !== 'microsoft.network' ||
    lower[6] !== 'privatednszones'
  )
    return undefined;
  if (lower.length === 7)
    return method === 'GET'
      ? { operation: 'zoneListByResourceGroup', scope: `/${parts.slice(0, 4).join('/')}` }
      : undefined;
  const zoneId = `/${parts.slice(0, 8).join('/')}`;
  if (lower.length === 8) return method === 'GET' ? { operation: 'zoneGet', scope: zoneId } : undefined;
  if (lower[8] === LINKS) return undefined;
  if (lower.length === 9) return method === 'GET' ? { operation: 'recordSetList', scope: zoneId } : undefined;
  if (lower.length !== 10) return undefined;
  switch (method) {
    case 'GET':
      return { operation: 'recordSetGet', scope: zoneId };
    case 'PUT':
    case 'PATCH':
      return { operation: state.has(`/${parts.join('/')}`) ? 'recordSetUpdate' : 'recordSetCreate', scope: zoneId };
    case 'DELETE':
      return { operation: 'recordSetDelete', scope: zoneId };
    default:
      return undefined;
  }
}
