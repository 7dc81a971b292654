import type { Scenario } from '../contracts';
import { keyVault } from './arm-steps';
import { dnsResourceGroup, hubZone, workloadSpoke, ZONES } from './world';

export const KEYVAULT_REQUEST_MESSAGE = 'CHG12345 please approve';

const spoke = workloadSpoke('keyvault', 'westus', 1);
const vault = keyVault(spoke.resourceGroup.id, 'kv-autopilot-manual', 'westus');
const zone = hubZone(ZONES.keyVault);
const endpoint = spoke.endpoint({
  name: 'pe-kv-manual',
  target: vault.id,
  groupIds: ['vault'],
  manual: true,
  requestMessage: KEYVAULT_REQUEST_MESSAGE,
});

export const KEYVAULT_MANUAL_FACTS = {
  vaultId: vault.id,
  endpointId: endpoint.id,
  zoneId: zone.id,
  expectedIp: '10.1.1.4',
};

export const keyvaultManual: Scenario = {
  name: 'keyvault-manual',
  description:
    `A Key Vault with a manual private endpoint whose connection waits Pending with the request message "${KEYVAULT_REQUEST_MESSAGE}"; ` +
    'no DNS record yet (only approved endpoints claim records).',
  steps: [spoke.resourceGroup, dnsResourceGroup(), spoke.network, vault, zone, spoke.link(zone), endpoint].map(
    (b) => b.step,
  ),
};
