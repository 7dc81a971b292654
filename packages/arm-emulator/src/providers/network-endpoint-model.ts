/** What the emulator keeps for each private endpoint, and how the endpoint and its NIC render from it. */
import { armType, tryParseArmId } from '../arm-id';
import type { RequestContext } from '../context';
import { ArmError, invalidField } from '../errors';
import type { JsonObject } from '../json';
import {
  PRIVATE_ENDPOINT_TYPE,
  type EndpointLinkMeta,
  type PrivateLinkTarget,
  type RequiredMember,
} from '../private-link';
import type { EmulatorState, StoredResource } from '../state';
import { NIC_TYPE } from './network-common';

export interface EndpointConnectionSpec {
  name: string;
  /** `privateLinkServiceId` as the caller gave it: an ARM ID or a Private Link Service alias. */
  reference: string;
  groupIds: string[];
  requestMessage: string;
  manual: boolean;
  /** Request field path, for error messages. */
  field: string;
}

export interface StaticIpConfiguration {
  name: string;
  groupId: string;
  memberName: string;
  privateIPAddress: string;
}

export interface EndpointSpec {
  location: string;
  tags?: Record<string, string>;
  subnetId: string;
  connection: EndpointConnectionSpec;
  customNetworkInterfaceName?: string;
  applicationSecurityGroups: unknown[];
  staticIpConfigurations: StaticIpConfiguration[];
}

export interface AllocatedMember extends RequiredMember {
  ip: string;
  /** Name of the endpoint's ipConfiguration for this member. */
  configName: string;
}

export interface EndpointMeta {
  spec: EndpointSpec;
  provisioningState: 'Updating' | 'Succeeded' | 'Failed' | 'Deleting';
  link?: EndpointLinkMeta;
  members: AllocatedMember[];
  /** Subnet holding the members' IPs (the spec's subnet once provisioned). */
  subnetId?: string;
  nicId?: string;
  /** Azure's `properties.resourceGuid`: given at creation, kept for the endpoint's life. */
  resourceGuid?: string;
}

export function endpointMeta(endpoint: StoredResource): EndpointMeta {
  return endpoint.meta as unknown as EndpointMeta;
}

export interface ResolvedTarget {
  target: PrivateLinkTarget;
  targetId: string;
  targetType: string;
}

/** Finds the registered target for an ARM ID (by resource type) or an alias. */
export function resolveTarget(
  ctx: RequestContext,
  connection: Pick<EndpointConnectionSpec, 'reference' | 'field'>,
): ResolvedTarget {
  const { reference, field } = connection;
  if (reference.startsWith('/')) {
    const parsed = tryParseArmId(reference);
    const type = parsed && armType(parsed);
    if (!parsed || !type)
      throw invalidField(
        field,
        'the ARM ID of a private link resource or a Private Link Service alias',
        'InvalidPrivateLinkServiceId',
      );
    const target = ctx.targets.forType(type);
    if (!target) {
      throw new ArmError(
        400,
        'PrivateEndpointResourceTypeNotSupported',
        `Resource type '${type}' does not accept private endpoints in this emulator.`,
        field,
      );
    }
    return { target, targetId: ctx.state.get(reference)?.id ?? reference, targetType: type };
  }
  const resolved = ctx.targets.resolveAlias(ctx.state, reference);
  if (!resolved)
    throw new ArmError(
      400,
      'PrivateLinkServiceAliasNotFound',
      `No Private Link Service has the alias '${reference}'.`,
      field,
    );
  const type = armType(tryParseArmId(resolved.targetId) ?? { subscriptionId: '', segments: [] }) ?? '';
  return { ...resolved, targetType: type };
}

export function targetOfLink(ctx: RequestContext, link: EndpointLinkMeta): ResolvedTarget | undefined {
  const parsed = tryParseArmId(link.targetId);
  const type = parsed && armType(parsed);
  const target = type ? ctx.targets.forType(type) : undefined;
  return target && type ? { target, targetId: link.targetId, targetType: type } : undefined;
}

export function proxyId(targetId: string, connectionName: string): string {
  return `${targetId}/privateEndpointConnectionProxies/${connectionName}`;
}

function connectionState(
  state: EmulatorState,
  endpoint: StoredResource,
  targets: RequestContext['targets'],
): JsonObject {
  const meta = endpointMeta(endpoint);
  if (!meta.link) return { status: 'Pending', description: 'Provisioning', actionsRequired: 'None' };
  const parsed = tryParseArmId(meta.link.targetId);
  const type = parsed && armType(parsed);
  const target = type ? targets.forType(type) : undefined;
  const current = target?.connectionStatus(state, {
    targetId: meta.link.targetId,
    endpointId: endpoint.id,
    connectionName: meta.link.connectionName,
  });
  return current
    ? { status: current.status, description: current.description, actionsRequired: meta.link.actionsRequired }
    : {
        status: 'Disconnected',
        description: 'The private link resource or its connection was removed.',
        actionsRequired: meta.link.actionsRequired,
      };
}

export function renderEndpoint(
  state: EmulatorState,
  targets: RequestContext['targets'],
  endpoint: StoredResource,
): JsonObject {
  const meta = endpointMeta(endpoint);
  const { spec } = meta;
  const done = meta.provisioningState === 'Succeeded';
  const collection = spec.connection.manual ? 'manualPrivateLinkServiceConnections' : 'privateLinkServiceConnections';
  const connection = {
    id: `${endpoint.id}/${collection}/${spec.connection.name}`,
    name: spec.connection.name,
    type: `${PRIVATE_ENDPOINT_TYPE}/${collection === 'privateLinkServiceConnections' ? 'privateLinkServiceConnections' : 'manualPrivateLinkServiceConnections'}`,
    etag: endpoint.etag,
    properties: {
      provisioningState: meta.provisioningState,
      privateLinkServiceId: spec.connection.reference,
      groupIds: spec.connection.groupIds,
      requestMessage: spec.connection.requestMessage,
      privateLinkServiceConnectionState: connectionState(state, endpoint, targets),
    },
  };
  return {
    name: endpoint.name,
    id: endpoint.id,
    type: PRIVATE_ENDPOINT_TYPE,
    ...(endpoint.etag ? { etag: endpoint.etag } : {}),
    location: spec.location,
    ...(spec.tags ? { tags: spec.tags } : {}),
    properties: {
      provisioningState: meta.provisioningState,
      ...(meta.resourceGuid ? { resourceGuid: meta.resourceGuid } : {}),
      privateLinkServiceConnections: spec.connection.manual ? [] : [connection],
      manualPrivateLinkServiceConnections: spec.connection.manual ? [connection] : [],
      subnet: { id: spec.subnetId },
      networkInterfaces: meta.nicId ? [{ id: meta.nicId }] : [],
      customDnsConfigs: done ? meta.members.flatMap((m) => m.fqdns.map((fqdn) => ({ fqdn, ipAddresses: [m.ip] }))) : [],
      applicationSecurityGroups: spec.applicationSecurityGroups,
      ipConfigurations: done
        ? meta.members.map((m) => ({
            name: m.configName,
            properties: { groupId: m.groupId, memberName: m.memberName, privateIPAddress: m.ip },
          }))
        : [],
      ...(spec.customNetworkInterfaceName ? { customNetworkInterfaceName: spec.customNetworkInterfaceName } : {}),
    },
  };
}

/** The endpoint's NIC: one IP configuration per required member, with `privateLinkConnectionProperties`. */
export function renderNic(state: EmulatorState, nic: StoredResource): JsonObject {
  const endpoint = state.get(String(nic.meta.endpointId));
  const meta = endpoint ? endpointMeta(endpoint) : undefined;
  const members = meta?.members ?? [];
  return {
    name: nic.name,
    id: nic.id,
    etag: nic.etag,
    type: NIC_TYPE,
    location: nic.body.location,
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: nic.meta.resourceGuid,
      ipConfigurations: members.map((m, i) => {
        const name = `privateEndpointIpConfig.${m.configName}`;
        return {
          name,
          id: `${nic.id}/ipConfigurations/${name}`,
          etag: nic.etag,
          type: `${NIC_TYPE}/ipConfigurations`,
          properties: {
            provisioningState: 'Succeeded',
            privateIPAddress: m.ip,
            privateIPAllocationMethod: 'Dynamic',
            subnet: { id: meta?.subnetId },
            primary: i === 0,
            privateIPAddressVersion: 'IPv4',
            privateLinkConnectionProperties: { groupId: m.groupId, requiredMemberName: m.memberName, fqdns: m.fqdns },
          },
        };
      }),
      dnsSettings: { dnsServers: [], appliedDnsServers: [] },
      enableAcceleratedNetworking: false,
      vnetEncryptionSupported: false,
      enableIPForwarding: false,
      hostedWorkloads: [],
      tapConfigurations: [],
      ...(endpoint ? { privateEndpoint: { id: endpoint.id } } : {}),
      nicType: 'Standard',
    },
  };
}
