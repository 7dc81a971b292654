import type { NetworkInterface, PrivateEndpoint } from '@azure/arm-network';
import type { ObservedEndpoint } from '../core/model';
import { sameResourceId } from '../core/resource-id';
import { resourceRef } from './arm-ref';
import { ARM_READS_IN_FLIGHT, mapBounded } from '../core/map-bounded';
import { collectBounded, DEFAULT_MAX_WAIT_MS, pollingOptions, untilDone } from './bounded';
import type { ArmClients } from './clients';
import type { ArmCallCount } from '../core/model';
import type {
  EndpointFilter,
  EndpointPort,
  EndpointReadFailure,
  EndpointRefresh,
  EndpointZoneGroups,
  ObservedEndpoints,
} from '../engine/ports';
import { classifyArmError } from './errors';
import { toObservedEndpoint, type ZoneGroupInfo } from './observe-endpoint';
import { refreshPayload } from './refresh-payload';

const ENDPOINT_TYPE = 'Microsoft.Network/privateEndpoints';
const NIC_TYPE = 'Microsoft.Network/networkInterfaces';
const PRIVATE_DNS_ZONE_TYPE = 'Microsoft.Network/privateDnsZones';
export interface EndpointAdapterOptions {
  /** Endpoints observed at once by `observeEndpoints` (default ARM_READS_IN_FLIGHT, 8). */
  concurrency?: number;
  /** Poll interval of the refresh PUT's long-running operation (default: the SDK's, 2 s). */
  updateIntervalInMs?: number;
  /** How long to wait for the refresh PUT's long-running operation before giving up (default 10 minutes). */
  maxWaitMs?: number;
}

/**
 * Private endpoints through `@azure/arm-network`: listing, observation with NICs and private DNS zone groups, and the
 * refresh (a PUT of the same payload) that Azure asks for with `actionsRequired: "Recreate"`. Every result reports
 * the ARM calls it cost.
 */
export class EndpointAdapter implements EndpointPort {
  private readonly concurrency: number;

  constructor(
    private readonly clients: ArmClients,
    private readonly options: EndpointAdapterOptions = {},
  ) {
    this.concurrency = options.concurrency ?? ARM_READS_IN_FLIGHT;
  }

  /** Every endpoint of the subscription (all pages), optionally only those connected to one target. */
  async listEndpoints(
    subscriptionId: string,
    filter: EndpointFilter = {},
  ): Promise<{ endpoints: PrivateEndpoint[]; calls: ArmCallCount }> {
    const { value, calls } = await this.clients.measure(async () => {
      const all = await collectBounded(this.clients.network(subscriptionId).privateEndpoints.listBySubscription(), {
        what: `private endpoints of subscription ${subscriptionId}`,
      });
      const targetId = filter.targetId;
      return targetId === undefined ? all : all.filter((e) => connectsTo(e, targetId));
    });
    return { endpoints: value, calls };
  }

  /** One endpoint (by ID, or as already listed) with its NICs and zone groups, in the planner's terms. */
  async observeEndpoint(
    endpoint: string | PrivateEndpoint,
  ): Promise<{ endpoint: ObservedEndpoint; calls: ArmCallCount }> {
    const { value, calls } = await this.clients.measure(async () =>
      this.observe(typeof endpoint === 'string' ? await this.get(endpoint) : endpoint),
    );
    return { endpoint: value, calls };
  }

  /** Many endpoints, a bounded number at a time; one endpoint's failure does not stop the others. */
  async observeEndpoints(endpoints: ReadonlyArray<string | PrivateEndpoint>): Promise<ObservedEndpoints> {
    const { value, calls } = await this.clients.measure(async () => {
      const { read, failures } = await this.eachEndpoint(
        endpoints,
        (endpoint) => (typeof endpoint === 'string' ? endpoint : (endpoint.id ?? '(no id)')),
        async (endpoint) => (await this.observeEndpoint(endpoint)).endpoint,
      );
      return { endpoints: read, failures };
    });
    return { ...value, calls };
  }

  /**
   * The subscription's endpoints and NICs from two listings (pages, not a read per endpoint): a listed endpoint
   * carries its connection state and `customDnsConfigs`, a listed NIC its `privateLinkConnectionProperties`. Neither
   * says whether an endpoint has a private DNS zone group, so each comes back `zoneGroupsUnread` (see `zoneGroupsOf`).
   * An endpoint whose NIC the listing lacks (in another subscription, or created meanwhile) is read on its own.
   */
  async observeSubscription(subscriptionId: string, filter: EndpointFilter = {}): Promise<ObservedEndpoints> {
    const { value, calls } = await this.clients.measure(async () => {
      const { endpoints } = await this.listEndpoints(subscriptionId, filter);
      if (endpoints.length === 0) return { endpoints: [], failures: [] };
      const nics = new Map<string, NetworkInterface>();
      try {
        const listed = await collectBounded(this.clients.network(subscriptionId).networkInterfaces.listAll(), {
          what: `network interfaces of subscription ${subscriptionId}`,
        });
        for (const nic of listed) if (nic.id) nics.set(nic.id.toLowerCase(), nic);
      } catch {
        // Without the listing each endpoint is read on its own, so one unreadable NIC costs only its endpoint.
      }
      const observed: ObservedEndpoint[] = [];
      const readAlone: PrivateEndpoint[] = [];
      for (const endpoint of endpoints) {
        const own = (endpoint.networkInterfaces ?? []).map((ref) => nics.get((ref.id ?? '').toLowerCase()));
        if (!endpoint.id || own.some((nic) => nic === undefined)) readAlone.push(endpoint);
        else
          observed.push({
            ...toObservedEndpoint(endpoint, own as NetworkInterface[], undefined),
            zoneGroupsUnread: true,
          });
      }
      const alone = readAlone.length > 0 ? await this.observeEndpoints(readAlone) : { endpoints: [], failures: [] };
      return { endpoints: [...observed, ...alone.endpoints], failures: alone.failures };
    });
    return { endpoints: value.endpoints, failures: value.failures, calls };
  }

  /** A read per endpoint, a bounded number at a time; one endpoint's failure (classified) does not stop the others. */
  private async eachEndpoint<T, R>(
    endpoints: readonly T[],
    idOf: (endpoint: T) => string,
    read: (endpoint: T) => Promise<R>,
  ): Promise<{ read: R[]; failures: EndpointReadFailure[] }> {
    const found: R[] = [];
    const failures: EndpointReadFailure[] = [];
    // mapBounded keeps the input order; pushing here would not.
    const outcomes = await mapBounded(endpoints, this.concurrency, async (endpoint) => {
      try {
        return { ok: true as const, value: await read(endpoint) };
      } catch (error) {
        return { ok: false as const, failure: { endpointId: idOf(endpoint), error: classifyArmError(error) } };
      }
    });
    for (const outcome of outcomes) {
      if (outcome.ok) found.push(outcome.value);
      else failures.push(outcome.failure);
    }
    return { read: found, failures };
  }

  /** Whether each endpoint has private DNS zone groups (one listing each); one endpoint's failure does not stop the others. */
  async zoneGroupsOf(
    endpointIds: readonly string[],
  ): Promise<{ zoneGroups: EndpointZoneGroups[]; failures: EndpointReadFailure[]; calls: ArmCallCount }> {
    const { value, calls } = await this.clients.measure(async () => {
      const { read, failures } = await this.eachEndpoint(
        endpointIds,
        (endpointId) => endpointId,
        async (endpointId): Promise<EndpointZoneGroups> => {
          const groups = await this.zoneGroupsOfId(endpointId);
          const zones = [...new Set(groups.flatMap((g) => g.zones))].sort();
          return { endpointId, managedByZoneGroup: groups.length > 0, zoneGroupZones: zones };
        },
      );
      return { zoneGroups: read, failures };
    });
    return { ...value, calls };
  }

  /**
   * PUTs the endpoint again with the same payload when a connection shows `actionsRequired: "Recreate"`, and waits
   * for the long-running operation. Idempotent: an endpoint that no longer asks for it is left alone.
   */
  async refreshEndpoint(endpointId: string): Promise<EndpointRefresh> {
    const { value, calls } = await this.clients.measure(async () => {
      const ref = resourceRef(endpointId, 'endpointId', ENDPOINT_TYPE);
      const current = await this.get(endpointId);
      if (!asksForRecreate(current)) return { outcome: 'unchanged' as const, endpoint: await this.observe(current) };
      const payload = refreshPayload(current, await this.nicsOf(current));
      const poller = await this.clients
        .network(ref.subscriptionId)
        .privateEndpoints.beginCreateOrUpdate(
          ref.resourceGroup,
          ref.name,
          payload,
          pollingOptions(this.options.updateIntervalInMs),
        );
      const refreshed = await untilDone(
        `private endpoint ${endpointId}: the refresh PUT`,
        this.options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS,
        (abortSignal) => poller.pollUntilDone({ abortSignal }),
        this.clients.deadline,
      );
      return { outcome: 'refreshed' as const, endpoint: await this.observe(refreshed) };
    });
    return { ...value, calls };
  }

  private async get(endpointId: string): Promise<PrivateEndpoint> {
    const ref = resourceRef(endpointId, 'endpointId', ENDPOINT_TYPE);
    return this.clients.network(ref.subscriptionId).privateEndpoints.get(ref.resourceGroup, ref.name);
  }

  private async observe(endpoint: PrivateEndpoint): Promise<ObservedEndpoint> {
    const [nics, zoneGroups] = await Promise.all([this.nicsOf(endpoint), this.zoneGroupsOfId(endpoint.id ?? '')]);
    return toObservedEndpoint(endpoint, nics, zoneGroups);
  }

  /**
   * Azure puts an endpoint's NICs in the endpoint's subscription. A NIC ID elsewhere is not read (the adapter reads only
   * what it was asked about); the endpoint's observation fails instead, so its records count as unknown, not unclaimed.
   */
  private async nicsOf(endpoint: PrivateEndpoint): Promise<NetworkInterface[]> {
    const endpointRef = resourceRef(endpoint.id ?? '', 'private endpoint id', ENDPOINT_TYPE);
    const nicRefs = (endpoint.networkInterfaces ?? []).map((nic, i) => {
      const field = `private endpoint ${endpointRef.id}: networkInterfaces[${i}].id`;
      const ref = resourceRef(nic.id ?? '', field, NIC_TYPE);
      if (ref.subscriptionId.toLowerCase() !== endpointRef.subscriptionId.toLowerCase()) {
        throw new Error(
          `${field}: expected a NIC in the endpoint's subscription ${endpointRef.subscriptionId}, got "${ref.id}"; not read`,
        );
      }
      return ref;
    });
    return Promise.all(
      nicRefs.map((ref) => this.clients.network(ref.subscriptionId).networkInterfaces.get(ref.resourceGroup, ref.name)),
    );
  }

  private async zoneGroupsOfId(endpointId: string): Promise<ZoneGroupInfo[]> {
    const ref = resourceRef(endpointId, 'private endpoint id', ENDPOINT_TYPE);
    const groups = await collectBounded(
      this.clients.network(ref.subscriptionId).privateDnsZoneGroups.list(ref.name, ref.resourceGroup),
      {
        what: `private DNS zone groups of ${ref.id}`,
      },
    );
    return groups.map((group) => ({
      zones: (group.privateDnsZoneConfigs ?? []).flatMap((config, i) =>
        config.privateDnsZoneId
          ? [
              resourceRef(
                config.privateDnsZoneId,
                `zone group ${group.id}: privateDnsZoneConfigs[${i}].privateDnsZoneId`,
                PRIVATE_DNS_ZONE_TYPE,
              ).name.toLowerCase(),
            ]
          : [],
      ),
    }));
  }
}

function connectionsOf(endpoint: PrivateEndpoint) {
  return [...(endpoint.privateLinkServiceConnections ?? []), ...(endpoint.manualPrivateLinkServiceConnections ?? [])];
}

function connectsTo(endpoint: PrivateEndpoint, targetId: string): boolean {
  return connectionsOf(endpoint).some(
    (c) => c.privateLinkServiceId !== undefined && sameResourceId(c.privateLinkServiceId, targetId),
  );
}

function asksForRecreate(endpoint: PrivateEndpoint): boolean {
  return connectionsOf(endpoint).some((c) => {
    const state = c.privateLinkServiceConnectionState as
      { actionsRequired?: string; actionRequired?: string } | undefined;
    return (state?.actionsRequired ?? state?.actionRequired)?.toLowerCase() === 'recreate';
  });
}
