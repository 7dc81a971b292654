import type { Scenario } from '../contracts';
import { keyVault, privateEndpoint, resourceGroup, virtualNetwork, virtualNetworkLink } from './arm-steps';
import { dnsResourceGroup, hubZone, WORKLOAD_SUBSCRIPTION, ZONES } from './world';

const rg = resourceGroup(WORKLOAD_SUBSCRIPTION, 'rg-keyvault', 'westus');
const dnsRg = dnsResourceGroup();
const vnet = virtualNetwork({
  resourceGroupId: rg.id,
  name: 'vnet-keyvault',
  location: 'westus',
  addressPrefix: '10.1.0.0/16',
  subnets: [{ name: 'snet-endpoints', addressPrefix: '10.1.1.0/24' }],
});
const vault = keyVault(rg.id, 'kv-autopilot-manual', 'westus');
const zone = hubZone(ZONES.keyVault);
const link = virtualNetworkLink(zone.id, 'link-vnet-keyvault', vnet.id);
export const KEYVAULT_REQUEST_MESSAGE = 'CHG12345 please approve';
const endpoint = privateEndpoint({
  resourceGroupId: rg.id,
  name: 'pe-kv-manual',
  location: 'westus',
  subnetId: vnet.subnetIds['snet-endpoints'] as string,
  target: vault.id,
  groupIds: ['vault'],
  manual: true,
  requestMessage: KEYVAULT_REQUEST_MESSAGE,
});

export const KEYVAULT_MANUAL_FACTS = { vaultId: vault.id, endpointId: endpoint.id, zoneId: zone.id, expectedIp: '10.1.1.4' };

export const keyvaultManual: Scenario = {
  name: 'keyvault-manual',
  description:
    `A Key Vault with a manual private endpoint whose connection waits Pending with the request message "${KEYVAULT_REQUEST_MESSAGE}"; ` +
    'no DNS record yet (only approved endpoints claim records).',
  steps: [rg, dnsRg, vnet, vault, zone, link, endpoint].map((b) => b.step),
};
