import type { EmulatorProvider } from '../provider';
import { documentDbProvider } from './documentdb';
import { keyVaultProvider } from './keyvault';
import { mongoClustersProvider } from './mongo';
import { privateEndpointsProvider } from './network-endpoints';
import { virtualNetworkPeeringsProvider } from './network-peerings';
import { privateLinkServicesProvider } from './network-pls';
import { virtualNetworksProvider } from './network-vnets';
import { privateDnsProvider } from './privatedns';

/** Every provider the emulator serves (resource groups and subscriptions are added by the server itself). */
export const BUILT_IN_PROVIDERS: readonly EmulatorProvider[] = [
  virtualNetworksProvider,
  virtualNetworkPeeringsProvider,
  privateEndpointsProvider,
  privateLinkServicesProvider,
  privateDnsProvider,
  documentDbProvider,
  mongoClustersProvider,
  keyVaultProvider,
];
