import { pollingOptions } from '../azure/bounded';
import { ConnectionAdapter } from '../azure/connections';
import { DnsAdapter } from '../azure/dns';
import { EndpointAdapter } from '../azure/endpoints';
import { TargetAdapter } from '../azure/targets';
import type { EngineContext } from './context';

export interface Adapters {
  endpoints: EndpointAdapter;
  dns: DnsAdapter;
  connections: ConnectionAdapter;
  targets: TargetAdapter;
}

export function adaptersOf(ctx: EngineContext): Adapters {
  const polling = pollingOptions(ctx.updateIntervalInMs);
  return {
    endpoints: new EndpointAdapter(ctx.clients, polling),
    dns: new DnsAdapter(ctx.clients),
    connections: new ConnectionAdapter(ctx.clients, polling),
    targets: new TargetAdapter(ctx.clients),
  };
}
