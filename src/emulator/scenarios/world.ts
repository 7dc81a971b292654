/**
 * The shared world every hand-written scenario lives in, so that `demo` can hold them all at once: one workload
 * subscription with a hub resource group of private DNS zones, one spoke network per scenario, and a separate
 * provider subscription for a SaaS Private Link Service.
 */
import { privateDnsZone, resourceGroup, type Built } from './arm-steps';

/** The customer's workload subscription: endpoints, targets and the hub DNS zones. */
export const WORKLOAD_SUBSCRIPTION = '00000000-0000-0000-0000-00000000000a';
/** A SaaS provider's subscription (Elastic Cloud style): holds the Private Link Service endpoints reach by alias. */
export const PROVIDER_SUBSCRIPTION = '00000000-0000-0000-0000-00000000000b';

export const ZONES = {
  cosmosSql: 'privatelink.documents.azure.com',
  keyVault: 'privatelink.vaultcore.azure.net',
  mongoCluster: 'privatelink.mongocluster.cosmos.azure.com',
  elasticEastUs: 'privatelink.eastus.azure.elastic-cloud.com',
} as const;

export const DNS_RESOURCE_GROUP = 'rg-dns';

export function dnsResourceGroup(): Built {
  return resourceGroup(WORKLOAD_SUBSCRIPTION, DNS_RESOURCE_GROUP, 'westus');
}

/** A zone in the hub DNS resource group. */
export function hubZone(zone: string): Built {
  return privateDnsZone(dnsResourceGroup().id, zone);
}
