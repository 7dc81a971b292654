import { NetworkManagementClient } from '@azure/arm-network';
import { PrivateDnsManagementClient } from '@azure/arm-privatedns';
import { createDefaultHttpClient, createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { emulatorClientSetup } from '../../src/client-options';
import type { EventDeliveryReport, EventSink, ResourceOperation } from '../../src/contracts';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/server';

export const SUB = '00000000-0000-0000-0000-0000000000aa';
export const RG = 'rg-net';
export const NETWORK_API = '2025-05-01';
export const DNS_API = '2024-06-01';
/** Short poll interval for every LRO in these tests. */
export const FAST = { updateIntervalInMs: 5 };

/** Records operations instead of delivering Event Grid events, so tests can assert what the pipeline emitted. */
export class RecordingSink implements EventSink {
  readonly operations: ResourceOperation[] = [];
  private readonly urls: string[] = [];
  emit(op: ResourceOperation): void {
    this.operations.push(op);
  }
  async subscribe(url: string): Promise<void> {
    this.urls.push(url);
  }
  unsubscribe(url: string): void {
    this.urls.splice(this.urls.indexOf(url), 1);
  }
  subscribers(): string[] {
    return [...this.urls];
  }
  setFaults(): void {}
  emitted(): unknown[] {
    return [...this.operations];
  }
  deliveries(): EventDeliveryReport {
    return { delivered: 0, retries: 0, deadLettered: [] };
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}

export interface Harness {
  emulator: RunningEmulator;
  events: RecordingSink;
  network: NetworkManagementClient;
  dns: PrivateDnsManagementClient;
  raw(
    method: string,
    path: string,
    options?: { body?: unknown; headers?: Record<string, string>; query?: string },
  ): Promise<RawAnswer>;
  admin(method: string, path: string, body?: unknown): Promise<RawAnswer>;
  close(): Promise<void>;
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests inspect arbitrary ARM JSON
}

export async function startHarness(options: EmulatorOptions = {}, subscriptionId = SUB): Promise<Harness> {
  const events = new RecordingSink();
  const emulator = await startEmulator({ lro: { msBeforeDone: null }, ...options, events });
  const setup = emulatorClientSetup(emulator);
  const retryOptions = { maxRetries: 3, retryDelayInMs: 5, maxRetryDelayInMs: 20 };
  const network = new NetworkManagementClient(setup.credential, subscriptionId, { ...setup.options, retryOptions });
  const dns = new PrivateDnsManagementClient(setup.credential, subscriptionId, { ...setup.options, retryOptions });
  const client = createDefaultHttpClient();
  const send = async (
    base: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    query = '',
  ): Promise<RawAnswer> => {
    const request = createPipelineRequest({
      url: `${base}${path}${query}`,
      method: method as 'GET',
      headers: createHttpHeaders({ 'content-type': 'application/json', ...headers }),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    request.tlsSettings = setup.tlsSettings;
    const response = await client.sendRequest(request);
    const text = response.bodyAsText ?? '';
    return { status: response.status, headers: response.headers.toJSON(), body: text ? JSON.parse(text) : undefined };
  };
  return {
    emulator,
    events,
    network,
    dns,
    raw: (method, path, opts = {}) =>
      send(
        emulator.armEndpoint,
        method,
        path,
        opts.body,
        { authorization: 'Bearer test', ...opts.headers },
        opts.query ?? `?api-version=${NETWORK_API}`,
      ),
    admin: (method, path, body) => send(emulator.adminEndpoint, method, path, body),
    close: () => emulator.close(),
  };
}

export function rgId(subscriptionId = SUB, resourceGroup = RG): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

/** A resource group, a virtual network 10.0.0.0/16 with subnet `endpoints` 10.0.1.0/24. Returns the subnet ID. */
export async function buildNetwork(h: Harness, resourceGroup = RG, location = 'westus'): Promise<string> {
  const put = await h.raw('PUT', `${rgId(SUB, resourceGroup)}`, {
    body: { location },
    query: '?api-version=2021-04-01',
  });
  if (put.status >= 300) throw new Error(`resource group: ${put.status} ${JSON.stringify(put.body)}`);
  const vnet = await h.network.virtualNetworks.beginCreateOrUpdateAndWait(
    resourceGroup,
    'hub',
    {
      location,
      addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
      subnets: [{ name: 'endpoints', addressPrefix: '10.0.1.0/24' }],
    },
    FAST,
  );
  const subnet = vnet.subnets?.[0]?.id;
  if (!subnet) throw new Error('virtual network came back without its subnet');
  return subnet;
}
