/** The ARM emulator's public surface: what the app's tests and the local tooling may use. */
export { startEmulator, type EmulatorOptions, type RunningEmulator } from './server';
export { runEmulatorCli, type CliIo } from './cli';
export {
  emulatorClientSetup,
  emulatorCredential,
  type EmulatorClientSetup,
  type EmulatorConnection,
} from './client-options';
export type * from './contracts';
export type { WriteLog, WriteLogEntry, WriteMoment, WriteObserver, MomentReader } from './write-log';
export type { RequestLogEntry } from './pipeline';
export { SCENARIOS, findScenario, getScenario, scenarioNames, generateEstate, type EstateOptions } from './scenarios';
export { estateSubscriptionId } from './scenarios/estate-generator';
export * from './scenarios/arm-steps';
export {
  WORKLOAD_SUBSCRIPTION,
  PROVIDER_SUBSCRIPTION,
  DNS_RESOURCE_GROUP,
  ZONES,
  workloadSpoke,
  hubZone,
  type Spoke,
} from './scenarios/world';
export { SEED_COSMOS_FACTS } from './scenarios/seed-cosmos';
export { ORPHANS_FACTS } from './scenarios/orphans';
export { KEYVAULT_MANUAL_FACTS, KEYVAULT_REQUEST_MESSAGE } from './scenarios/keyvault-manual';
export { MONGO_VCORE_FACTS } from './scenarios/mongo-vcore';
export { ELASTIC_ALIAS_FACTS } from './scenarios/elastic-alias';
export { ZONE_GROUP_FACTS } from './scenarios/zone-group';
export { TWO_HUBS_FACTS } from './scenarios/two-hubs';
// For extending the emulator with a provider of one's own (e.g. a target type it does not serve).
export type { EmulatorProvider } from './provider';
export type { RequestContext } from './context';
export type { PrivateLinkTarget } from './private-link';
export { ArmError, resourceNotFound } from './errors';
