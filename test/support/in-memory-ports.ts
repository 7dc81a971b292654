/**
 * An in-memory `ArmPorts` (as external-dns keeps `provider/inmemory` behind its `Provider`): endpoints, zones, records,
 * targets and connections as plain data, conditional record writes with etags, and fault hooks (a 412 on the next write
 * to a record, a throttled or failed read). Engine tests on it run in milliseconds; the emulator stays for SDK-level
 * tests. It implements what the engine relies on, not ARM's HTTP shapes.
 */
import type {
  ArmCallCount,
  ObservedConnection,
  ObservedEndpoint,
  ObservedIpConfiguration,
  ObservedPeering,
  ObservedRecordSet,
  ObservedZone,
  TargetSummary,
} from '../../src/core/model';
import type { DnsRecordChange } from '../../src/core/plan';
import type { ArmPorts, ClassifiedError, DnsWriteResult, EndpointZoneGroups } from '../../src/engine';

/** What the fake throws: an ARM answer in the terms `classifyError` reads. */
export class FakeArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message = code,
  ) {
    super(message);
  }
}

export interface FakeEndpoint extends ObservedEndpoint {
  /** The IP configurations a refresh gives it (a region added or removed); absent: unchanged. */
  afterRefresh?: ObservedIpConfiguration[];
}

type Operation =
  | 'observeSubscription'
  | 'observeEndpoint'
  | 'observeEndpoints'
  | 'getRecordSets'
  | 'listRecordSets'
  | 'listZoneLinks'
  | 'listPeerings';

export interface InMemoryArm extends ArmPorts {
  world: {
    endpoints: Map<string, FakeEndpoint>;
    /** With their links (`linkedVirtualNetworkIds`), which `listZones` leaves out when asked to. */
    zones: ObservedZone[];
    records: Map<string, ObservedRecordSet>;
    /** As each network lists them (put both directions for a two-way peering). */
    peerings: ObservedPeering[];
    targets: Map<string, TargetSummary>;
    connections: ObservedConnection[];
    subscriptions: string[];
  };
  faults: {
    /** The next write to this record answers 412; `meanwhile` is what the other writer did (run before the answer). */
    preconditionFailOnNextWrite(zoneId: string, name: string, meanwhile?: () => void): void;
    /** The next call of this operation (about this ID, when given) is throttled (429) or fails (500). */
    failNext(operation: Operation, status: 429 | 500, id?: string): void;
  };
  /** Every write and delete that reached the fake, in order: `PUT <zone>|<name>`, `DELETE …`, `REFRESH <endpoint>`. */
  writes: string[];
  putEndpoint(endpoint: FakeEndpoint): void;
  putRecord(record: Omit<ObservedRecordSet, 'etag'>): void;
  record(zoneId: string, name: string): ObservedRecordSet | undefined;
}

const key = (id: string) => id.toLowerCase();
const recordKey = (zoneId: string, name: string) => `${key(zoneId)}|${name.toLowerCase()}`;
const subscriptionOf = (id: string) => id.split('/')[2]?.toLowerCase() ?? '';

export function inMemoryArm(subscriptions: string[]): InMemoryArm {
  const world: InMemoryArm['world'] = {
    endpoints: new Map(),
    zones: [],
    records: new Map(),
    peerings: [],
    targets: new Map(),
    connections: [],
    subscriptions: subscriptions.map(key),
  };
  const calls: ArmCallCount = { reads: 0, writes: 0, deletes: 0 };
  const writes: string[] = [];
  const preconditionFaults = new Map<string, (() => void) | undefined>();
  const callFaults: Array<{ operation: Operation; status: number; id?: string }> = [];
  let etags = 0;

  const read = (operation: Operation, id?: string): void => {
    calls.reads++;
    const at = callFaults.findIndex(
      (f) => f.operation === operation && (f.id === undefined || key(f.id) === key(id ?? '')),
    );
    if (at < 0) return;
    const [fault] = callFaults.splice(at, 1);
    throw new FakeArmError(fault!.status, fault!.status === 429 ? 'TooManyRequests' : 'InternalServerError');
  };
  const endpointOf = (id: string): FakeEndpoint => {
    const endpoint = world.endpoints.get(key(id));
    if (!endpoint) throw new FakeArmError(404, 'ResourceNotFound', `${id} not found`);
    return endpoint;
  };
  const asRead = ({ afterRefresh: _after, ...endpoint }: FakeEndpoint): ObservedEndpoint => structuredClone(endpoint);
  const zoneGroups = (e: ObservedEndpoint): EndpointZoneGroups => ({
    endpointId: e.id,
    managedByZoneGroup: e.managedByZoneGroup,
    zoneGroupZones: e.zoneGroupZones ?? [],
  });
  const nothing = (): ArmCallCount => ({ reads: 0, writes: 0, deletes: 0 });

  const arm: InMemoryArm = {
    world,
    writes,
    faults: {
      preconditionFailOnNextWrite: (zoneId, name, meanwhile) =>
        preconditionFaults.set(recordKey(zoneId, name), meanwhile),
      failNext: (operation, status, id) => callFaults.push({ operation, status, ...(id ? { id } : {}) }),
    },
    putEndpoint: (endpoint) => world.endpoints.set(key(endpoint.id), endpoint),
    putRecord: (record) => world.records.set(recordKey(record.zoneId, record.name), { ...record, etag: `e${++etags}` }),
    record: (zoneId, name) => world.records.get(recordKey(zoneId, name)),

    endpoints: {
      async observeSubscription(subscriptionId) {
        read('observeSubscription', `/subscriptions/${subscriptionId}`);
        const endpoints = [...world.endpoints.values()]
          .filter((e) => subscriptionOf(e.id) === key(subscriptionId))
          // Listings do not say whether an endpoint has a zone group.
          .map((e) => ({ ...asRead(e), managedByZoneGroup: false, zoneGroupsUnread: true }));
        return { endpoints, failures: [], calls: nothing() };
      },
      async observeEndpoint(endpointId) {
        read('observeEndpoint', endpointId);
        return { endpoint: asRead(endpointOf(endpointId)), calls: nothing() };
      },
      async observeEndpoints(endpointIds) {
        const endpoints: ObservedEndpoint[] = [];
        const failures = [];
        for (const id of endpointIds) {
          try {
            read('observeEndpoints', id);
            endpoints.push(asRead(endpointOf(id)));
          } catch (error) {
            failures.push({ endpointId: id, error: classify(error) });
          }
        }
        return { endpoints, failures, calls: nothing() };
      },
      async zoneGroupsOf(endpointIds) {
        calls.reads += endpointIds.length;
        return { zoneGroups: endpointIds.map((id) => zoneGroups(endpointOf(id))), failures: [], calls: nothing() };
      },
      async refreshEndpoint(endpointId) {
        calls.reads++;
        const endpoint = endpointOf(endpointId);
        if (endpoint.actionsRequired?.toLowerCase() !== 'recreate')
          return { outcome: 'unchanged', endpoint: asRead(endpoint), calls: nothing() };
        calls.writes++;
        writes.push(`REFRESH ${key(endpointId)}`);
        const { afterRefresh, ...rest } = endpoint;
        const refreshed: FakeEndpoint = {
          ...rest,
          actionsRequired: 'None',
          ipConfigurations: afterRefresh ?? rest.ipConfigurations,
        };
        world.endpoints.set(key(endpointId), refreshed);
        return { outcome: 'refreshed', endpoint: asRead(refreshed), calls: nothing() };
      },
    },

    dns: {
      async listZones(scope, options) {
        calls.reads++;
        const groups = (scope.resourceGroups ?? []).map(key);
        const zones = world.zones.filter(
          (z) =>
            subscriptionOf(z.id) === key(scope.subscriptionId) &&
            (groups.length === 0 || groups.includes(z.id.split('/')[4]?.toLowerCase() ?? '')),
        );
        const listed = structuredClone(zones);
        if (options?.links === false) for (const zone of listed) delete zone.linkedVirtualNetworkIds;
        return { zones: listed, calls: nothing() };
      },
      async listZoneLinks(zoneId) {
        read('listZoneLinks', zoneId);
        const zone = world.zones.find((z) => key(z.id) === key(zoneId));
        return { virtualNetworkIds: [...(zone?.linkedVirtualNetworkIds ?? [])], calls: nothing() };
      },
      async listRecordSets(zoneId) {
        read('listRecordSets', zoneId);
        const records = [...world.records.values()].filter((r) => key(r.zoneId) === key(zoneId));
        return { records: structuredClone(records), calls: nothing() };
      },
      async getRecordSets(zoneId, names) {
        const records: ObservedRecordSet[] = [];
        for (const name of names) {
          read('getRecordSets', zoneId);
          const found = world.records.get(recordKey(zoneId, name));
          if (found) records.push(structuredClone(found));
        }
        return { records, calls: nothing() };
      },
      async applyChange(change: DnsRecordChange): Promise<DnsWriteResult> {
        const at = recordKey(change.zoneId, change.name);
        if (change.action === 'keep') return { outcome: 'unchanged', change, calls: nothing() };
        if (change.action === 'delete') calls.deletes++;
        else calls.writes++;
        if (preconditionFaults.has(at)) {
          const meanwhile = preconditionFaults.get(at);
          preconditionFaults.delete(at);
          meanwhile?.();
          return { outcome: 'precondition-failed', change, message: 'injected 412', calls: nothing() };
        }
        const current = world.records.get(at);
        const matches = change.action === 'create' ? current === undefined : current?.etag === change.etag;
        if (!matches) return { outcome: 'precondition-failed', change, message: 'etag mismatch', calls: nothing() };
        writes.push(`${change.action === 'delete' ? 'DELETE' : 'PUT'} ${at}`);
        if (change.action === 'delete') {
          world.records.delete(at);
          return { outcome: 'applied', change, calls: nothing() };
        }
        const record: ObservedRecordSet = {
          zoneId: change.zoneId,
          zone: change.zone,
          name: change.name.toLowerCase(),
          ips: [...change.ips],
          ttl: change.ttl,
          metadata: { ...change.metadata },
          etag: `e${++etags}`,
        };
        world.records.set(at, record);
        return { outcome: 'applied', change, record: structuredClone(record), calls: nothing() };
      },
    },

    connections: {
      async getTarget(targetId) {
        calls.reads++;
        const target = world.targets.get(key(targetId));
        if (!target) throw new FakeArmError(404, 'ResourceNotFound', `${targetId} not found`);
        return { target: structuredClone(target), calls: nothing() };
      },
      async listConnections(targetId, known) {
        const target = known ?? (await arm.connections.getTarget(targetId)).target;
        calls.reads++;
        const connections = world.connections.filter((c) => key(c.targetId) === key(targetId));
        return { connections: structuredClone(connections), target, calls: nothing() };
      },
      async decide(connection, decision, description, options) {
        calls.reads++;
        const current = world.connections.find((c) => key(c.id) === key(connection.id));
        if (!current) throw new FakeArmError(404, 'ResourceNotFound');
        const wanted = decision === 'approve' ? 'Approved' : 'Rejected';
        if (current.status === wanted)
          return { outcome: 'unchanged', connection: structuredClone(current), calls: nothing() };
        if (options?.expectedStatus && current.status !== options.expectedStatus)
          return { outcome: 'changed-meanwhile', connection: structuredClone(current), calls: nothing() };
        calls.writes++;
        writes.push(`${decision.toUpperCase()} ${key(connection.id)}`);
        current.status = wanted;
        current.description = description;
        return {
          outcome: decision === 'approve' ? 'approved' : 'rejected',
          connection: structuredClone(current),
          calls: nothing(),
        };
      },
    },

    targets: {
      async listTargets(subscriptionId) {
        calls.reads++;
        const targets = [...world.targets.values()].filter((t) => subscriptionOf(t.id) === key(subscriptionId));
        return { targets: structuredClone(targets), failures: [], calls: nothing() };
      },
    },

    networks: {
      async listPeerings(virtualNetworkId) {
        read('listPeerings', virtualNetworkId);
        const peerings = world.peerings.filter((p) => key(p.networkId) === key(virtualNetworkId));
        return { peerings: structuredClone(peerings), calls: nothing() };
      },
    },

    subscriptions: {
      async listSubscriptions() {
        calls.reads++;
        return [...world.subscriptions];
      },
    },

    meter: {
      get calls() {
        return { ...calls };
      },
      async measure(work) {
        const before = { ...calls };
        const value = await work();
        return {
          value,
          calls: {
            reads: calls.reads - before.reads,
            writes: calls.writes - before.writes,
            deletes: calls.deletes - before.deletes,
          },
        };
      },
    },

    classifyError: classify,
  };
  return arm;
}

function classify(error: unknown): ClassifiedError {
  if (error instanceof FakeArmError)
    return {
      transient: error.status === 429 || error.status >= 500,
      status: error.status,
      code: error.code,
      message: error.message,
    };
  return { transient: false, code: 'Unknown', message: error instanceof Error ? error.message : String(error) };
}
