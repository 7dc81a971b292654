import type { Scenario } from '../contracts';
import { privateLinkServiceAlias } from '../private-link-alias';
import { privateLinkService, resourceGroup, virtualNetwork } from './arm-steps';
import { dnsResourceGroup, hubZone, PROVIDER_SUBSCRIPTION, workloadSpoke, ZONES } from './world';

// The SaaS provider's side, in its own subscription (Elastic Cloud names its services <region>-prod-<nnn>-privatelink-service).
const providerRg = resourceGroup(PROVIDER_SUBSCRIPTION, 'rg-elastic-provider', 'eastus');
const providerVnet = virtualNetwork({
  resourceGroupId: providerRg.id,
  name: 'vnet-elastic-provider',
  location: 'eastus',
  addressPrefix: '10.100.0.0/16',
  subnets: [{ name: 'snet-privatelink', addressPrefix: '10.100.1.0/24' }],
});
const service = privateLinkService({
  resourceGroupId: providerRg.id,
  name: 'eastus-prod-001-privatelink-service',
  location: 'eastus',
  natSubnetId: providerVnet.subnetIds['snet-privatelink'] as string,
  loadBalancerFrontendIpConfigurationId: `${providerRg.id}/providers/Microsoft.Network/loadBalancers/lb-elastic/frontendIPConfigurations/frontend`,
});
const alias = privateLinkServiceAlias(service.id, 'eastus');

// The customer's side: an endpoint that knows the service only by its alias, as Elastic's docs instruct.
const spoke = workloadSpoke('elastic', 'eastus', 3);
const zone = hubZone(ZONES.elasticEastUs);
const endpoint = spoke.endpoint({
  name: 'pe-elastic',
  target: alias,
  manual: true,
  requestMessage: 'Elastic Cloud deployment traffic filter',
});

export const ELASTIC_ALIAS_FACTS = {
  serviceId: service.id,
  alias,
  endpointId: endpoint.id,
  zoneId: zone.id,
  expectedIp: '10.3.1.4',
};

export const elasticAlias: Scenario = {
  name: 'elastic-alias',
  description:
    'An Elastic Cloud style Private Link Service in a provider subscription, reached by alias from a manual private ' +
    'endpoint in the workload subscription (Pending until the provider approves), with the zone ' +
    'privatelink.eastus.azure.elastic-cloud.com where its wildcard record belongs.',
  steps: [
    providerRg,
    providerVnet,
    service,
    spoke.resourceGroup,
    dnsResourceGroup(),
    spoke.network,
    zone,
    spoke.link(zone),
    endpoint,
  ].map((b) => b.step),
};
