/**
 * The one place test/infra reaches the ARM emulator, so that its move to a workspace package changes one import path.
 */
export { startEmulator, type RunningEmulator } from '../../../src/emulator/server';
export type { EmulatorProvider } from '../../../src/emulator/provider';
export type { RequestContext } from '../../../src/emulator/context';
export type { PrivateLinkTarget } from '../../../src/emulator/private-link';
export type { ScenarioStep } from '../../../src/emulator/contracts';
export { ArmError, resourceNotFound } from '../../../src/emulator/errors';
export { cosmosRegionsChange, deleteResource, privateEndpoint, resourceGroup, virtualNetwork, API_VERSIONS } from '../../../src/emulator/scenarios/arm-steps';
export { ELASTIC_ALIAS_FACTS } from '../../../src/emulator/scenarios/elastic-alias';
export { KEYVAULT_MANUAL_FACTS } from '../../../src/emulator/scenarios/keyvault-manual';
export { MONGO_VCORE_FACTS } from '../../../src/emulator/scenarios/mongo-vcore';
export { ORPHANS_FACTS } from '../../../src/emulator/scenarios/orphans';
export { SEED_COSMOS_FACTS } from '../../../src/emulator/scenarios/seed-cosmos';
export { DNS_RESOURCE_GROUP, PROVIDER_SUBSCRIPTION, WORKLOAD_SUBSCRIPTION } from '../../../src/emulator/scenarios/world';
