/**
 * The framework's harness (harness.ts) plus what the Cosmos DB, Mongo vCore and Key Vault tests need: a Cosmos DB
 * client, requests by full path, following a long-running operation by hand, and the operations emitted.
 */
import { CosmosDBManagementClient } from '@azure/arm-cosmosdb';
import type { NetworkInterface } from '@azure/arm-network';
import { emulatorClientSetup } from '../../src/client-options';
import type { ResourceOperation } from '../../src/contracts';
import type { EmulatorOptions } from '../../src/server';
import { FAST, SUB, buildNetwork, rgId, startHarness, type Harness, type RawAnswer } from './harness';

export { FAST, SUB };

export interface TargetsWorld {
  harness: Harness;
  cosmos: CosmosDBManagementClient;
  network: Harness['network'];
  dns: Harness['dns'];
  /** An ARM request; `pathOrUrl` is a path with its query, or a URL the emulator handed out (Azure-AsyncOperation). */
  raw(method: string, pathOrUrl: string, body?: unknown): Promise<RawAnswer>;
  /** Follows `Azure-AsyncOperation` until a terminal status, as an SDK poller does; returns the final status body. */
  waitForOperation(answer: RawAnswer): Promise<{ status: string; error?: unknown }>;
  resourceGroup(name: string): Promise<void>;
  /** A resource group with a virtual network and an endpoint subnet; answers the subnet ID. */
  subnet(resourceGroup: string): Promise<string>;
  /** Operations reported so far with this name (and subject, when given). */
  operations(operationName: string, resourceId?: string): ResourceOperation[];
  close(): Promise<void>;
}

export async function startTargetsWorld(options: EmulatorOptions = {}): Promise<TargetsWorld> {
  const harness = await startHarness(options);
  const setup = emulatorClientSetup(harness.emulator);
  const retryOptions = { maxRetries: 3, retryDelayInMs: 5, maxRetryDelayInMs: 20 };
  const raw = (method: string, pathOrUrl: string, body?: unknown): Promise<RawAnswer> => {
    const url = new URL(pathOrUrl, harness.emulator.armEndpoint);
    return harness.raw(method, url.pathname, { ...(body === undefined ? {} : { body }), query: url.search });
  };
  return {
    harness,
    cosmos: new CosmosDBManagementClient(setup.credential, SUB, { ...setup.options, retryOptions }),
    network: harness.network,
    dns: harness.dns,
    raw,
    async waitForOperation(answer) {
      const statusUrl = answer.headers['azure-asyncoperation'];
      if (statusUrl === undefined) throw new Error(`no Azure-AsyncOperation header on a ${answer.status} answer`);
      for (let attempt = 0; attempt < 50; attempt++) {
        const status = (await raw('GET', statusUrl)).body as { status: string; error?: unknown };
        if (['Succeeded', 'Failed', 'Canceled'].includes(status.status)) return status;
      }
      throw new Error(`operation ${statusUrl} did not finish`);
    },
    async resourceGroup(name) {
      const answer = await raw('PUT', `${rgId(SUB, name)}?api-version=2021-04-01`, { location: 'westus' });
      if (answer.status >= 300)
        throw new Error(`resource group ${name}: ${answer.status} ${JSON.stringify(answer.body)}`);
    },
    subnet: (resourceGroup) => buildNetwork(harness, resourceGroup),
    operations: (operationName, resourceId) =>
      harness.events.operations.filter(
        (op) =>
          op.operationName === operationName &&
          (resourceId === undefined || op.resourceId.toLowerCase() === resourceId.toLowerCase()),
      ),
    close: () => harness.close(),
  };
}

/** `requiredMemberName` → private IP, FQDNs and group, from an endpoint NIC's IP configurations. */
export function nicMembers(nic: NetworkInterface): Map<string, { ip: string; fqdns: string[]; groupId: string }> {
  return new Map(
    (nic.ipConfigurations ?? []).map((config) => [
      config.privateLinkConnectionProperties?.requiredMemberName ?? '',
      {
        ip: config.privateIPAddress ?? '',
        fqdns: config.privateLinkConnectionProperties?.fqdns ?? [],
        groupId: config.privateLinkConnectionProperties?.groupId ?? '',
      },
    ]),
  );
}

/** The name of the NIC Azure made for an endpoint (the last segment of its ID). */
export function nicName(endpoint: { networkInterfaces?: Array<{ id?: string }> }): string {
  const id = endpoint.networkInterfaces?.[0]?.id;
  if (id === undefined) throw new Error('the endpoint has no network interface');
  return id.split('/').pop() ?? id;
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
