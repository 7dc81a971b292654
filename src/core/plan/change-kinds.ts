import type { ConnectionChange, DnsChange, EndpointRefreshChange, PlannedChange } from './changes';

export function isConnectionChange(change: PlannedChange): change is ConnectionChange {
  return change.kind === 'connection-approve' || change.kind === 'connection-reject';
}

export function isRefresh(change: PlannedChange): change is EndpointRefreshChange {
  return change.kind === 'endpoint-refresh';
}

export function isDnsChange(change: PlannedChange): change is DnsChange {
  return change.kind === 'dns-create' || change.kind === 'dns-update' || change.kind === 'dns-delete';
}
